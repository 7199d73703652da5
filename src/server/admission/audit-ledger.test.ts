import { describe, expect, it } from "vitest";
import { checks } from "../../checks/index.ts";
import type { ControlVerdict } from "../../evaluate/admission/decide.ts";
import { createAuditLedger } from "./audit-ledger.ts";

const verdict: ControlVerdict = {
  checkId: "run-as-non-root",
  title: "Containers run as non-root",
  severity: "medium",
  action: "audit",
  message: "container app may run as root",
  remediation: "set runAsNonRoot: true",
};

function admit(name: string, namespace: string | undefined, verdicts = [verdict]) {
  return {
    resource: {
      apiVersion: "v1",
      kind: "Pod",
      name,
      ...(namespace === undefined ? {} : { namespace }),
    },
    operation: "CREATE",
    admittedAt: "2026-06-01T00:00:00.000Z",
    verdicts,
  };
}

interface Report {
  readonly kind: string;
  readonly metadata: { readonly namespace?: string };
  readonly summary: { readonly fail: number };
  readonly results: readonly {
    readonly policy: string;
    readonly result: string;
    readonly resources: readonly { readonly name: string }[];
    readonly properties: Readonly<Record<string, string>>;
  }[];
}

describe("the audit ledger", () => {
  it("renders one PolicyReport per namespace and a ClusterPolicyReport for cluster objects", () => {
    const ledger = createAuditLedger(checks);
    ledger.record(admit("a", "shop"));
    ledger.record(admit("b", "bank"));
    ledger.record({
      ...admit("crb", undefined),
      resource: { kind: "ClusterRoleBinding", name: "crb" },
    });
    const reports = ledger.policyReports(new Date("2026-06-02T00:00:00Z")) as Report[];
    // The renderer's order is its own business: compare as a set.
    expect(
      reports.map((report) => `${report.kind}/${report.metadata.namespace ?? ""}`).sort(),
    ).toEqual(["ClusterPolicyReport/", "PolicyReport/bank", "PolicyReport/shop"]);
    const shop = reports.find((report) => report.metadata.namespace === "shop");
    expect(shop?.summary.fail).toBe(1);
    expect(shop?.results[0]).toMatchObject({
      policy: "run-as-non-root",
      result: "fail",
      resources: [{ name: "a" }],
      properties: { admission: "audit", admittedAt: "2026-06-01T00:00:00.000Z" },
    });
  });

  it("keeps the latest admission per object and forgets an object admitted clean", () => {
    const ledger = createAuditLedger(checks);
    ledger.record(admit("a", "shop"));
    ledger.record(admit("a", "shop"));
    expect(ledger.size()).toBe(1);
    ledger.record(admit("a", "shop", []));
    expect(ledger.size()).toBe(0);
    const [cluster] = ledger.policyReports(new Date()) as Report[];
    expect([cluster?.kind, cluster?.results.length]).toEqual(["ClusterPolicyReport", 0]);
  });

  it("is bounded: past the limit the least recently admitted object goes first", () => {
    const ledger = createAuditLedger(checks, 2);
    ledger.record(admit("a", "shop"));
    ledger.record(admit("b", "shop"));
    ledger.record(admit("a", "shop")); // a is now the newest
    ledger.record(admit("c", "shop"));
    expect([ledger.size(), ledger.evicted()]).toEqual([2, 1]);
    const names = (ledger.policyReports(new Date()) as Report[])
      .flatMap((report) => report.results)
      .map((result) => result.resources[0]?.name)
      .sort();
    expect(names).toEqual(["a", "c"]);
  });
});
