import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { namespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { namespacePssEnforce } from "./namespace-pss-enforce.ts";

const ENFORCE = "pod-security.kubernetes.io/enforce";

describe("namespace-pss-enforce", () => {
  it("passes restricted at latest or a pinned version", () => {
    const results = namespacePssEnforce.evaluate(
      contextOf([
        namespace("a", { [ENFORCE]: "restricted" }),
        namespace("b", { [ENFORCE]: "restricted", [`${ENFORCE}-version`]: "v1.30" }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["pass", "pass"]);
  });

  it("fails a missing label and weaker levels, more severely for privileged", () => {
    const results = namespacePssEnforce.evaluate(
      contextOf([
        namespace("none", { "pod-security.kubernetes.io/warn": "restricted" }),
        namespace("priv", { [ENFORCE]: "privileged" }),
        namespace("base", { [ENFORCE]: "baseline" }),
      ]),
    );
    expect(results.map((result) => [result.status, result.severity])).toEqual([
      ["fail", undefined],
      ["fail", "high"],
      ["fail", "medium"],
    ]);
  });

  it("fails invalid level and version values", () => {
    const results = namespacePssEnforce.evaluate(
      contextOf([
        namespace("typo", { [ENFORCE]: "Restricted" }),
        namespace("version", { [ENFORCE]: "restricted", [`${ENFORCE}-version`]: "1.30" }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["fail", "fail"]);
    expect(results[1]?.message).toContain("1.30");
  });

  it("skips namespaces used by pods but absent from the input", () => {
    const results = namespacePssEnforce.evaluate(
      contextOf([
        namespace("a", { [ENFORCE]: "restricted" }),
        pod("p", {}, "a"),
        pod("q", {}, "ghost"),
      ]),
    );
    expect(results.map((result) => [result.target.name, result.status])).toEqual([
      ["a", "pass"],
      ["ghost", "skip"],
    ]);
  });
});

describe("namespace-pss-enforce with a PodSecurity admission configuration", () => {
  const admission = (configuration: Record<string, unknown>): KubeObject => ({
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "AdmissionConfiguration",
    metadata: { name: "admission" },
    plugins: [
      { name: "EventRateLimit", path: "/etc/kubernetes/eventconfig.yaml" },
      {
        name: "PodSecurity",
        configuration: {
          apiVersion: "pod-security.admission.config.k8s.io/v1",
          kind: "PodSecurityConfiguration",
          ...configuration,
        },
      },
    ],
  });

  it("passes an unlabeled namespace when the cluster default is restricted", () => {
    const results = namespacePssEnforce.evaluate(
      contextOf([admission({ defaults: { enforce: "restricted" } }), namespace("a")]),
    );
    expect(results.map((result) => [result.status, result.message])).toEqual([
      ["pass", "Enforces restricted (the cluster default)"],
    ]);
  });

  it("fails an unlabeled namespace under a baseline default, and an exempt namespace", () => {
    const results = namespacePssEnforce.evaluate(
      contextOf([
        admission({
          defaults: { enforce: "baseline" },
          exemptions: { namespaces: ["kube-system"] },
        }),
        namespace("a"),
        namespace("kube-system", { [ENFORCE]: "restricted" }),
      ]),
    );
    expect(results.map((result) => result.status)).toEqual(["fail", "fail"]);
    expect(results[1]?.message).toContain("Exempt");
  });
});
