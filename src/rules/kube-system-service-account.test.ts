import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { kubeSystemServiceAccount } from "./kube-system-service-account.ts";

describe("kube-system-service-account", () => {
  it("fires when a person creates a ServiceAccount in kube-system", () => {
    expect(
      kubeSystemServiceAccount.match(write("serviceaccounts", {}, { namespace: "kube-system" })),
    ).toBeDefined();
  });
  it("stays quiet in an application namespace", () => {
    expect(kubeSystemServiceAccount.match(write("serviceaccounts", {}))).toBeUndefined();
  });
});
