import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import { netNamespace, netPod } from "../../../test/fixtures/netpol/objects.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { clusterNetworkPolicy } from "./cluster-network-policy.ts";

const evaluate = (...objects: KubeObject[]) => clusterNetworkPolicy.evaluate(contextOf(objects));
const verdicts = (...objects: KubeObject[]) =>
  evaluate(...objects).map((result) => `${result.target.name} ${result.status}`);

const anp = (subject: Record<string, unknown>, name = "pci"): KubeObject => ({
  apiVersion: "policy.networking.k8s.io/v1alpha1",
  kind: "AdminNetworkPolicy",
  metadata: { name },
  spec: { priority: 10, subject, ingress: [] },
});

describe("cluster-network-policy", () => {
  it("fails each namespace with pods when no cluster-scoped network policy exists", () => {
    expect(evaluate(netPod("a", "p"))).toMatchObject([
      {
        status: "fail",
        target: { kind: "Namespace", name: "a" },
        message: "No cluster-scoped network policy selects the namespace's pods",
      },
    ]);
  });

  it("passes a namespace an AdminNetworkPolicy selects and fails the one it does not", () => {
    const results = evaluate(
      netNamespace("payments", { compliance: "pci" }),
      netNamespace("web"),
      netPod("payments", "api"),
      netPod("web", "front"),
      anp({ namespaces: { matchLabels: { compliance: "pci" } } }),
    );
    expect(results.map((result) => `${result.target.name} ${result.status}`)).toEqual([
      "payments pass",
      "web fail",
    ]);
    expect(results[0]).toMatchObject({ evidence: { policies: ["AdminNetworkPolicy pci"] } });
  });

  it("fails a namespace whose pods the policy selects only in part, naming the others", () => {
    const [result] = evaluate(
      netPod("shop", "api", { app: "api" }),
      netPod("shop", "cache", { app: "cache" }),
      anp({ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "api" } } } }),
    );
    expect(result).toMatchObject({
      status: "fail",
      message: "No cluster-scoped network policy selects cache",
      evidence: { uncovered: ["cache"] },
    });
  });

  it("names the first five pods no policy selects, and counts the others", () => {
    const pods = ["a", "b", "c", "d", "e", "f"].map((name) => netPod("shop", name, { app: name }));
    const only = anp({
      pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "a" } } },
    });
    expect(evaluate(...pods, only)[0]?.message).toBe(
      "No cluster-scoped network policy selects b, c, d, e, f",
    );
    expect(evaluate(...pods, netPod("shop", "g"), only)[0]?.message).toBe(
      "No cluster-scoped network policy selects b, c, d, e, f and 1 more",
    );
  });

  it("passes with a BaselineAdminNetworkPolicy over every namespace", () => {
    const banp = {
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "BaselineAdminNetworkPolicy",
      metadata: { name: "default" },
      spec: { subject: { namespaces: {} }, ingress: [] },
    };
    expect(verdicts(netPod("a", "p"), netPod("b", "q"), banp)).toEqual(["a pass", "b pass"]);
  });

  it("counts Cilium clusterwide and Calico global policies by their selectors", () => {
    const ccnp: KubeObject = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumClusterwideNetworkPolicy",
      metadata: { name: "guard" },
      spec: {
        endpointSelector: { matchLabels: { "io.kubernetes.pod.namespace": "a" } },
        ingress: [{}],
      },
    };
    const gnp: KubeObject = {
      apiVersion: "crd.projectcalico.org/v1",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "guard" },
      spec: { selector: "app == 'q'", types: ["Ingress"], ingress: [{ action: "Deny" }] },
    };
    expect(
      verdicts(netPod("a", "p"), netPod("b", "q", { app: "q" }), netPod("c", "r"), ccnp, gnp),
    ).toEqual(["a pass", "b pass", "c fail"]);
  });

  it("never counts an invalid policy, and does not judge hostNetwork pods", () => {
    const invalid = { ...anp({}), spec: { priority: 5000, subject: { namespaces: {} } } };
    expect(verdicts(netPod("a", "p"), invalid)).toEqual(["a fail"]);
    expect(evaluate(netPod("kube-system", "apiserver", {}, { hostNetwork: true }))).toMatchObject([
      { status: "skip" },
    ]);
    expect(evaluate()[0]?.status).toBe("skip");
  });
});
