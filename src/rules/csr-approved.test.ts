import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { csrApproved } from "./csr-approved.ts";

const approval = (type: string, username = "alice") =>
  auditEvent({
    verb: "update",
    username,
    objectRef: { resource: "certificatesigningrequests", subresource: "approval", name: "csr-1" },
    requestObject: {
      spec: { signerName: "kubernetes.io/kube-apiserver-client" },
      status: { conditions: [{ type, status: "True" }] },
    },
  });

describe("csr-approved", () => {
  it("fires when a person approves a CSR", () => {
    expect(csrApproved.match(approval("Approved"))?.evidence).toEqual({
      signerName: "kubernetes.io/kube-apiserver-client",
    });
  });
  it("stays quiet on a denial and on the controller's automatic approvals", () => {
    expect(csrApproved.match(approval("Denied"))).toBeUndefined();
    expect(
      csrApproved.match(approval("Approved", "system:serviceaccount:kube-system:csrapprover")),
    ).toBeUndefined();
  });
});
