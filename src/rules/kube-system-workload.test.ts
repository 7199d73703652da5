import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { kubeSystemWorkload } from "./kube-system-workload.ts";

describe("kube-system-workload", () => {
  it("fires when a person creates a DaemonSet in kube-system", () => {
    expect(
      kubeSystemWorkload.match(write("daemonsets", {}, { namespace: "kube-system" })),
    ).toBeDefined();
  });
  it("stays quiet for other namespaces and for the control plane's controllers", () => {
    expect(
      kubeSystemWorkload.match(write("daemonsets", {}, { namespace: "apps" })),
    ).toBeUndefined();
    const controller = write(
      "pods",
      {},
      {
        namespace: "kube-system",
        username: "system:serviceaccount:kube-system:daemon-set-controller",
      },
    );
    expect(kubeSystemWorkload.match(controller)).toBeUndefined();
  });
});
