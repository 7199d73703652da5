import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { objectAt, objectsAt, stringAt } from "../../model/fields.ts";
import type { Inventory } from "../../model/inventory.ts";
import { containerField } from "../../model/pod-security.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "resource-limits";
const RESOURCES = ["cpu", "memory"] as const;

/** Per namespace, the resources its LimitRanges give every container a default limit for. */
function defaultedLimits(inventory: Inventory): ReadonlyMap<string, ReadonlySet<string>> {
  const byNamespace = new Map<string, Set<string>>();
  for (const entry of inventory.ofKind("LimitRange", "")) {
    if (entry.namespace === undefined) continue;
    const resources = byNamespace.get(entry.namespace) ?? new Set<string>();
    for (const limit of objectsAt(entry.object, "spec", "limits")) {
      if (stringAt(limit, "type") !== "Container") continue;
      for (const resource of Object.keys(objectAt(limit, "default") ?? {})) resources.add(resource);
    }
    byNamespace.set(entry.namespace, resources);
  }
  return byNamespace;
}

export const resourceLimits: Check = {
  id,
  title: "Containers have CPU and memory limits",
  pillar: "workload",
  severity: "medium",
  scope: "cluster",
  reads: ["LimitRange", ...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Resource policies"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
  },
  remediation:
    "Set `resources.limits.cpu` and `.memory` on every container, or a LimitRange default in the namespace.",
  description:
    "A container without limits can starve its node: one compromised or runaway pod denies service to the others.",
  evaluate: ({ inventory }) => {
    const defaults = defaultedLimits(inventory);
    return inventory.pods.map((pod) => {
      const defaulted = defaults.get(pod.namespace) ?? new Set<string>();
      // Ephemeral containers may not declare resources, so only init and regular ones count.
      const missing = containersOf(pod.spec)
        .filter((c) => c.kind !== "ephemeralContainers")
        .flatMap((c) =>
          RESOURCES.filter(
            (r) =>
              (objectAt(c.spec, "resources", "limits")?.[r] ?? undefined) === undefined &&
              !defaulted.has(r),
          ).map((r) => ({
            container: c.name,
            field: containerField(c, "resources", "limits", r),
          })),
        );
      return missing.length === 0
        ? pass(id, pod.ownerRef, "Every container has CPU and memory limits")
        : fail(id, pod.ownerRef, `Missing limits: ${missing.map((m) => m.field).join(", ")}`, {
            violations: missing,
          });
    });
  },
};
