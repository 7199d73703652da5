import {
  parseLabelSelector,
  matchesSelector,
  type LabelSelector,
} from "../../engines/label-selector.ts";
import { booleanAt, isObject, objectAt, stringMapAt, stringsAt } from "../../model/fields.ts";
import { isStaticPod } from "../../model/cluster-config.ts";
import type { Inventory } from "../../model/inventory.ts";
import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "monitoring-coverage";
const OPERATOR_GROUP = "monitoring.coreos.com";
const SCRAPE_ANNOTATION = "prometheus.io/scrape";
/**
 * Run-to-completion workloads are not scraped (pushing metrics is their pattern); static pods of
 * the control plane are scraped through their components' endpoints, not selected as pods.
 */
const BATCH_KINDS: ReadonlySet<string> = new Set(["Job", "CronJob"]);

interface Monitor {
  readonly name: string;
  readonly selector: LabelSelector;
  /** undefined: every namespace (`namespaceSelector.any`). */
  readonly namespaces: ReadonlySet<string> | undefined;
}

/** ServiceMonitors or PodMonitors; one whose selector the operator rejects selects nothing. */
function monitorsOf(inventory: Inventory, kind: string): readonly Monitor[] {
  return inventory.ofKind(kind, OPERATOR_GROUP).flatMap((entry) => {
    const parsed = parseLabelSelector(objectAt(entry.object, "spec", "selector") ?? {});
    if (!parsed.ok) return [];
    const any = booleanAt(entry.object, "spec", "namespaceSelector", "any") === true;
    const names = stringsAt(entry.object, "spec", "namespaceSelector", "matchNames");
    const namespaces = any
      ? undefined
      : new Set(names.length > 0 ? names : [entry.namespace ?? ""]);
    return [
      {
        name: `${kind} ${entry.namespace ?? ""}/${entry.object.metadata.name}`,
        selector: parsed.selector,
        namespaces,
      },
    ];
  });
}

const covers = (
  monitor: Monitor,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean =>
  (monitor.namespaces === undefined || monitor.namespaces.has(namespace)) &&
  matchesSelector(monitor.selector, labels);

export const monitoringCoverage: Check = {
  id,
  title: "Every long-running workload is scraped for metrics",
  pillar: "visibility",
  severity: "low",
  scope: "cluster",
  // The monitors, the Services between them and the pods, the scrape configs, and the pods.
  reads: ["PodMonitor", "ServiceMonitor", "Service", "ConfigMap", ...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Audit logging and threat detection: Threat detection"],
    "nist-800-207": ["Tenet 5", "Tenet 7"],
    "cisa-ztmm": ["Applications and Workloads: Visibility and Analytics Capability"],
    soc2: ["CC7.2"],
  },
  remediation:
    "Add a ServiceMonitor for a Service that selects the workload, or a PodMonitor for its pods (Prometheus Operator).",
  description:
    'Covered: a PodMonitor selects the pods, or a ServiceMonitor selects a Service that selects them, or the `prometheus.io/scrape: "true"` annotation is on the pod or its Service and a Kubernetes-discovery scrape config is in the input. Whether a Prometheus selects the monitor is not checked.',
  evaluate: ({ inventory }) => {
    const podMonitors = monitorsOf(inventory, "PodMonitor");
    const serviceMonitors = monitorsOf(inventory, "ServiceMonitor");
    // A scrape config that discovers targets through the API is what honours the annotation.
    const hasScrapeConfig = inventory
      .ofKind("ConfigMap", "")
      .some((entry) =>
        Object.values(stringMapAt(entry.object, "data")).some((text) =>
          text.includes("kubernetes_sd_configs"),
        ),
      );
    const services = inventory.ofKind("Service", "").flatMap((entry) => {
      const selector = objectAt(entry.object, "spec", "selector");
      return isObject(selector) && Object.keys(selector).length > 0
        ? [{ entry, selector: stringMapAt(entry.object, "spec", "selector") }]
        : [];
    });
    // Indexed once: a Service only selects pods of its own namespace.
    const servicesByNamespace = Map.groupBy(services, ({ entry }) => entry.namespace);
    return inventory.pods
      .filter((pod) => !BATCH_KINDS.has(pod.owner.kind) && !isStaticPod(pod))
      .map((pod) => {
        const selecting = (servicesByNamespace.get(pod.namespace) ?? []).filter(({ selector }) =>
          Object.entries(selector).every(([key, value]) => pod.labels[key] === value),
        );
        const by = [
          ...podMonitors
            .filter((monitor) => covers(monitor, pod.namespace, pod.labels))
            .map((monitor) => monitor.name),
          ...selecting.flatMap(({ entry }) =>
            serviceMonitors
              .filter((monitor) =>
                covers(monitor, pod.namespace, entry.object.metadata.labels ?? {}),
              )
              .map((monitor) => `${monitor.name} via Service ${entry.object.metadata.name}`),
          ),
        ];
        if (by.length > 0)
          return pass(id, pod.ownerRef, `Scraped by ${by.join(", ")}`, { monitors: by });
        const annotated =
          pod.annotations[SCRAPE_ANNOTATION] === "true" ||
          selecting.some(
            ({ entry }) => entry.object.metadata.annotations?.[SCRAPE_ANNOTATION] === "true",
          );
        if (annotated && hasScrapeConfig)
          return pass(id, pod.ownerRef, `Scraped through the ${SCRAPE_ANNOTATION} annotation`);
        if (annotated) {
          return skip(
            id,
            pod.ownerRef,
            `Has ${SCRAPE_ANNOTATION}, but no scrape config in the input shows it is honoured`,
          );
        }
        return fail(
          id,
          pod.ownerRef,
          "No PodMonitor, ServiceMonitor or scrape annotation covers it",
        );
      });
  },
};
