import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { fail, pass } from "../../model/results.ts";
import { namespaceDataplane } from "../../engines/tls/mesh.ts";
import type { Check } from "../check.ts";

const id = "mesh-sidecar-bypass";

// Annotations that take ports or addresses out of the proxy's interception, so their traffic
// skips mTLS, and the pod-level opt-outs from a meshed namespace.
const BYPASS = [
  "traffic.sidecar.istio.io/excludeInboundPorts",
  "traffic.sidecar.istio.io/excludeOutboundPorts",
  "traffic.sidecar.istio.io/excludeOutboundIPRanges",
  "config.linkerd.io/skip-inbound-ports",
  "config.linkerd.io/skip-outbound-ports",
] as const;

export const meshSidecarBypass: Check = {
  id,
  title: "Meshed workloads do not opt out of the mesh or bypass their proxy",
  pillar: "data",
  severity: "medium",
  scope: "cluster",
  reads: ["Namespace", ...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    'Remove the opt-out (`sidecar.istio.io/inject: "false"`, `linkerd.io/inject: disabled`) and the port/range exclusions, or justify them with an exception.',
  description:
    "A pod opted out of a meshed namespace, or a port excluded from interception, talks in clear text beside peers that believe the namespace is mTLS-only.",
  evaluate: ({ inventory }) =>
    inventory.pods.flatMap((pod) => {
      const dataplane = namespaceDataplane(inventory, pod.namespace);
      const bypass = BYPASS.filter((key) => (pod.annotations[key] ?? "") !== "").map(
        (key) => `${key}=${pod.annotations[key] ?? ""}`,
      );
      const sidecar =
        pod.labels["sidecar.istio.io/inject"] ?? pod.annotations["sidecar.istio.io/inject"];
      if (dataplane === "istio-sidecar" && sidecar === "false")
        bypass.push("sidecar.istio.io/inject=false");
      if (dataplane === "istio-ambient" && pod.labels["istio.io/dataplane-mode"] === "none") {
        bypass.push("istio.io/dataplane-mode=none");
      }
      if (dataplane === "linkerd" && pod.annotations["linkerd.io/inject"] === "disabled") {
        bypass.push("linkerd.io/inject=disabled");
      }
      if (dataplane === undefined && bypass.length === 0) return [];
      return [
        bypass.length === 0
          ? pass(id, pod.ownerRef, "No proxy bypass")
          : fail(id, pod.ownerRef, `Bypasses mTLS: ${bypass.join(", ")}`, { annotations: bypass }),
      ];
    }),
};
