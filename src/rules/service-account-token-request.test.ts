import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { serviceAccountTokenRequest } from "./service-account-token-request.ts";

describe("service-account-token-request", () => {
  const request = (username: string) =>
    auditEvent({
      verb: "create",
      username,
      objectRef: {
        resource: "serviceaccounts",
        subresource: "token",
        namespace: "ci",
        name: "deployer",
      },
      responseCode: 201,
    });
  it("fires when a person mints a token", () => {
    expect(serviceAccountTokenRequest.match(request("alice"))?.message).toContain("ci/deployer");
  });
  it("stays quiet for a kubelet", () => {
    expect(serviceAccountTokenRequest.match(request("system:node:worker-1"))).toBeUndefined();
  });
});
