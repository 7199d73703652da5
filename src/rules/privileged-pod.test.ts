import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { privilegedPod } from "./privileged-pod.ts";

const deployment = (privileged: boolean) => ({
  kind: "Deployment",
  spec: {
    template: {
      spec: {
        containers: [{ name: "app" }, { name: "agent", securityContext: { privileged } }],
      },
    },
  },
});

describe("privileged-pod", () => {
  it("fires on a Deployment whose template has a privileged container", () => {
    const hit = privilegedPod.match(write("deployments", deployment(true)));
    expect(hit?.evidence).toEqual({ containers: ["agent"] });
  });
  it("stays quiet when privileged is false", () => {
    expect(privilegedPod.match(write("deployments", deployment(false)))).toBeUndefined();
  });
  it("leaves pods made by the control plane's controllers to their owner", () => {
    const pod = { kind: "Pod", spec: deployment(true).spec.template.spec };
    const event = write("pods", pod, {
      username: "system:serviceaccount:kube-system:replicaset-controller",
    });
    expect(privilegedPod.match(event)).toBeUndefined();
    expect(privilegedPod.match(write("pods", pod))).toBeDefined();
  });
});
