import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { monitoringCoverage } from "./monitoring-coverage.ts";

const web = (annotations: Record<string, string> = {}): KubeObject => ({
  ...pod("web-1", { containers: [{ name: "app" }] }, "shop"),
  metadata: { name: "web-1", namespace: "shop", labels: { app: "web" }, annotations },
});
const service = (annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "shop", labels: { team: "shop" }, annotations },
  spec: { selector: { app: "web" } },
});
const monitor = (kind: string, spec: Record<string, unknown>, namespace = "shop"): KubeObject => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind,
  metadata: { name: "m", namespace },
  spec,
});
const judge = (...objects: KubeObject[]) => monitoringCoverage.evaluate(contextOf(objects))[0];

describe("monitoring-coverage", () => {
  it("passes a workload selected by a ServiceMonitor through its Service", () => {
    expect(
      judge(
        web(),
        service(),
        monitor("ServiceMonitor", { selector: { matchLabels: { team: "shop" } } }),
      ),
    ).toMatchObject({
      status: "pass",
      evidence: { monitors: ["ServiceMonitor shop/m via Service web"] },
    });
  });

  it("follows namespaceSelector: own namespace by default, matchNames, any", () => {
    const elsewhere = (namespaceSelector?: object) =>
      monitor(
        "PodMonitor",
        {
          selector: { matchLabels: { app: "web" } },
          ...(namespaceSelector === undefined ? {} : { namespaceSelector }),
        },
        "monitoring",
      );
    expect(judge(web(), elsewhere())?.status).toBe("fail");
    expect(judge(web(), elsewhere({ matchNames: ["shop"] }))?.status).toBe("pass");
    expect(judge(web(), elsewhere({ any: true }))?.status).toBe("pass");
  });

  it("fails when the monitor selects other labels", () => {
    expect(
      judge(
        web(),
        service(),
        monitor("ServiceMonitor", { selector: { matchLabels: { team: "other" } } }),
      )?.status,
    ).toBe("fail");
  });

  it("counts the scrape annotation only when a discovery scrape config is in the input", () => {
    const config: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "prometheus", namespace: "monitoring" },
      data: {
        "prometheus.yml":
          "scrape_configs:\n  - job_name: pods\n    kubernetes_sd_configs:\n      - role: pod\n",
      },
    };
    expect(judge(web({ "prometheus.io/scrape": "true" }))?.status).toBe("skip");
    expect(judge(web(), service({ "prometheus.io/scrape": "true" }), config)?.status).toBe("pass");
  });

  it("does not judge batch workloads or static pods", () => {
    const mirror = {
      ...pod("etcd-cp1", {}, "kube-system"),
      metadata: {
        name: "etcd-cp1",
        namespace: "kube-system",
        annotations: { "kubernetes.io/config.mirror": "x" },
      },
    };
    expect(monitoringCoverage.evaluate(contextOf([mirror]))).toEqual([]);
    const job: KubeObject = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j", namespace: "shop" },
      spec: { template: { spec: {} } },
    };
    expect(monitoringCoverage.evaluate(contextOf([job]))).toEqual([]);
  });
});
