import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { workloadEgressRestricted } from "./workload-egress-restricted.ts";

function policy(name: string, spec: Record<string, unknown>, namespace = "default"): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec: { podSelector: {}, ...spec },
  };
}
const web: KubeObject = {
  ...pod("web", { containers: [{ name: "c" }] }),
  metadata: { name: "web", namespace: "default", labels: { app: "web" } },
};
const statusOf = (...objects: KubeObject[]) =>
  workloadEgressRestricted.evaluate(contextOf(objects)).map((result) => result.status);

describe("workload-egress-restricted", () => {
  it("fails a pod no egress policy selects", () => {
    expect(statusOf(web)).toEqual(["fail"]);
    expect(
      statusOf(web, policy("ingress-only", { policyTypes: ["Ingress"], egress: [{}] })),
    ).toEqual(["fail"]);
    expect(statusOf(web, policy("elsewhere", { policyTypes: ["Egress"] }, "other"))).toEqual([
      "fail",
    ]);
    expect(
      statusOf(
        web,
        policy("others", { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Egress"] }),
      ),
    ).toEqual(["fail"]);
  });

  it("passes default-deny egress and egress to named peers", () => {
    expect(statusOf(web, policy("deny", { policyTypes: ["Egress"] }))).toEqual(["pass"]);
    expect(
      statusOf(
        web,
        policy("db", {
          egress: [
            { to: [{ podSelector: { matchLabels: { app: "db" } } }], ports: [{ port: 5432 }] },
          ],
        }),
      ),
    ).toEqual(["pass"]);
  });

  it("infers Egress from egress rules when policyTypes is absent", () => {
    expect(
      statusOf(
        web,
        policy("implicit", { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }] }),
      ),
    ).toEqual(["pass"]);
  });

  it("fails egress to 0.0.0.0/0 or ::/0, even with except or ports", () => {
    expect(
      statusOf(
        web,
        policy("internet", {
          egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }],
        }),
      ),
    ).toEqual(["fail"]);
    expect(
      statusOf(
        web,
        policy("v6", { egress: [{ to: [{ ipBlock: { cidr: "::/0" } }], ports: [{ port: 443 }] }] }),
      ),
    ).toEqual(["fail"]);
  });

  it("fails a rule without `to` unless it only allows DNS", () => {
    const [result] = workloadEgressRestricted.evaluate(
      contextOf([web, policy("all", { policyTypes: ["Egress"], egress: [{}] })]),
    );
    expect(result).toMatchObject({ status: "fail", evidence: { rules: ["all egress[0]"] } });
    expect(
      statusOf(
        web,
        policy("dns", {
          policyTypes: ["Egress"],
          egress: [
            {
              ports: [
                { port: 53, protocol: "UDP" },
                { port: 53, protocol: "TCP" },
              ],
            },
          ],
        }),
      ),
    ).toEqual(["pass"]);
    expect(
      statusOf(
        web,
        policy("range", {
          policyTypes: ["Egress"],
          egress: [{ ports: [{ port: 53, endPort: 80 }] }],
        }),
      ),
    ).toEqual(["fail"]);
  });

  it("fails hostNetwork pods, which NetworkPolicy does not govern", () => {
    expect(
      statusOf(
        pod("node-agent", { hostNetwork: true, containers: [{ name: "c" }] }),
        policy("deny", { policyTypes: ["Egress"] }),
      ),
    ).toEqual(["fail"]);
  });

  it("ignores a policy whose selector the apiserver would reject", () => {
    const bad = policy("bad", {
      podSelector: { matchExpressions: [{ key: "app", operator: "Bogus" }] },
      policyTypes: ["Egress"],
    });
    expect(statusOf(web, bad)).toEqual(["fail"]);
  });
});
