import { stringAt, stringsAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "service-load-balancer";

// Annotations that make a cloud provider create an internal (private) load balancer.
const INTERNAL: Readonly<Record<string, string>> = {
  "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
  "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
  "networking.gke.io/load-balancer-type": "Internal",
  "cloud.google.com/load-balancer-type": "Internal",
  "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
  "service.beta.kubernetes.io/oci-load-balancer-internal": "true",
  "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type": "private",
};
const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);

export const serviceLoadBalancer: Check = {
  id,
  title: "LoadBalancer Services are internal or restricted to known source ranges",
  pillar: "edge",
  severity: "high",
  scope: "object",
  reads: ["Service"],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.1"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Make the load balancer internal with your provider's annotation, or set `spec.loadBalancerSourceRanges` to the client networks; publish HTTP through an Ingress or Gateway instead.",
  description:
    "A public load balancer exposes the workload to the whole internet, bypassing the edge.",
  evaluate: ({ inventory }) =>
    inventory.ofKind("Service", "").map((entry) => {
      const type = stringAt(entry.object, "spec", "type") ?? "ClusterIP";
      if (type !== "LoadBalancer") return pass(id, entry.ref, `Type ${type}: no load balancer`);
      const annotations = entry.object.metadata.annotations ?? {};
      const internal = Object.entries(INTERNAL).find(
        ([key, value]) => annotations[key]?.toLowerCase() === value.toLowerCase(),
      );
      if (internal !== undefined)
        return pass(id, entry.ref, `Internal load balancer (${internal[0]})`);
      const annotated = (
        annotations["service.beta.kubernetes.io/load-balancer-source-ranges"] ?? ""
      )
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
      // The field wins over the annotation when both are set.
      const spec = stringsAt(entry.object, "spec", "loadBalancerSourceRanges");
      const ranges = spec.length > 0 ? spec : annotated;
      if (ranges.length > 0 && !ranges.some((range) => ANYWHERE.has(range))) {
        return pass(id, entry.ref, `Source ranges: ${ranges.join(", ")}`, { sourceRanges: ranges });
      }
      return fail(
        id,
        entry.ref,
        ranges.length === 0
          ? "Public load balancer open to any source"
          : `Source ranges include the whole internet: ${ranges.join(", ")}`,
        { sourceRanges: ranges },
      );
    }),
};
