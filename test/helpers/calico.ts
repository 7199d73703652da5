import type { KubeObject } from "../../src/model/kube-object.ts";

/** calico-node's DaemonSet, its container setting FELIX_WIREGUARDENABLED to `value`. */
export function calicoNodeWithWireguard(value: string): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "calico-node", namespace: "kube-system" },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: "calico-node",
              image: "calico/node",
              env: [{ name: "FELIX_WIREGUARDENABLED", value }],
            },
          ],
        },
      },
    },
  };
}
