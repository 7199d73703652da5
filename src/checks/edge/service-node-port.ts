import { booleanAt, objectsAt, numberAt, stringAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "service-node-port";

export const serviceNodePort: Check = {
  id,
  title: "Services are not exposed on node ports",
  pillar: "edge",
  severity: "medium",
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
    "Use type ClusterIP and publish through an Ingress or Gateway; a LoadBalancer can skip node ports with `allocateLoadBalancerNodePorts: false`.",
  description:
    "A NodePort opens the port on every node's addresses, reachable by whoever reaches a node, outside the ingress path. A LoadBalancer Service allocates node ports too, unless `allocateLoadBalancerNodePorts` is false and no port names a nodePort.",
  evaluate: ({ inventory }) =>
    inventory.ofKind("Service", "").map((entry) => {
      const type = stringAt(entry.object, "spec", "type") ?? "ClusterIP";
      const declared = objectsAt(entry.object, "spec", "ports").map((port) =>
        numberAt(port, "nodePort"),
      );
      // LoadBalancer allocates node ports by default (allocateLoadBalancerNodePorts defaults to
      // true); with it false, only ports that name a nodePort still get one.
      const skipsAllocation =
        type === "LoadBalancer" &&
        booleanAt(entry.object, "spec", "allocateLoadBalancerNodePorts") === false;
      const opened = skipsAllocation
        ? declared.filter((port) => port !== undefined)
        : declared.map((port) => port ?? "auto");
      if ((type !== "NodePort" && type !== "LoadBalancer") || opened.length === 0) {
        return pass(id, entry.ref, `Type ${type} opens no node port`);
      }
      return fail(id, entry.ref, `${type} Service opens every node on ports ${opened.join(", ")}`, {
        nodePorts: opened,
      });
    }),
};
