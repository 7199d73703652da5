import { describe, expect, it } from "vitest";
import type { KubeObject } from "./kube-object.ts";
import { podTemplateOf } from "./pod-template.ts";

const ref = { kind: "X", name: "x" };
const at = { file: "x.yaml" };

describe("podTemplateOf", () => {
  it("reads a CronJob's template and gives the path to its PodSpec", () => {
    const spec = { containers: [{ name: "c" }] };
    const cronJob: KubeObject = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "c", labels: { outer: "yes" } },
      spec: {
        jobTemplate: {
          spec: { template: { metadata: { labels: { app: "a" }, annotations: { n: "1" } }, spec } },
        },
      },
    };
    const view = podTemplateOf(cronJob, "ns", ref, at);
    expect(view?.labels).toEqual({ app: "a" });
    expect(view?.annotations).toEqual({ n: "1" });
    expect(view?.spec).toBe(spec);
    expect(view?.specPath).toEqual(["spec", "jobTemplate", "spec", "template", "spec"]);
    expect(view?.namespace).toBe("ns");
  });

  it("keeps only the string entries of labels and annotations", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", labels: { a: "1", b: 2, c: null }, annotations: ["x"] },
    } as unknown as KubeObject;
    const view = podTemplateOf(pod, "ns", ref, at);
    expect(view?.labels).toEqual({ a: "1" });
    expect(view?.annotations).toEqual({});
    expect(view?.spec).toEqual({});
    expect(view?.specPath).toEqual(["spec"]);
  });

  it("has no view for a kind without a template or a template that is not an object", () => {
    const service: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s" } };
    const broken = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { template: "nope" },
    } as unknown as KubeObject;
    expect(podTemplateOf(service, "ns", ref, at)).toBeUndefined();
    expect(podTemplateOf(broken, "ns", ref, at)).toBeUndefined();
  });
});
