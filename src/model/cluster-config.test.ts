import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { inventoryOf } from "../../test/helpers/inventory.ts";
import { jwtIssuersOf } from "./cluster-config-authn.ts";
import { flagList, flagValue } from "./cluster-config-flags.ts";
import {
  apiserverArgs,
  clusterConfigOf,
  configFileFor,
  encryptionRulesOf,
  judgeAuditPolicies,
} from "./cluster-config.ts";
import { pass } from "./results.ts";
import { buildInventory } from "./inventory.ts";
import type { KubeObject } from "./kube-object.ts";

const fixture = (name: string) =>
  parse(readFileSync(`test/fixtures/cluster-config/${name}`, "utf8")) as KubeObject;

const staticPod = (container: Record<string, unknown>, namespace = "kube-system"): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "kube-apiserver-cp1", namespace },
  spec: { containers: [{ name: "kube-apiserver", ...container }] },
});

describe("apiserverArgs", () => {
  it("reads command and args after the binary", () => {
    expect(
      apiserverArgs({ command: ["/usr/local/bin/kube-apiserver", "--a=1"], args: ["--b=2"] }),
    ).toEqual(["--a=1", "--b=2"]);
  });

  it("reads hyperkube and sh -c forms", () => {
    expect(apiserverArgs({ command: ["/hyperkube", "kube-apiserver", "--a=1"] })).toEqual([
      "--a=1",
    ]);
    expect(
      apiserverArgs({ command: ["/bin/sh", "-c", "exec kube-apiserver --a='x y' --b=2 && true"] }),
    ).toEqual(["--a=x y", "--b=2"]);
  });

  it("reads args alone only under the apiserver image", () => {
    expect(
      apiserverArgs({ image: "registry.k8s.io/kube-apiserver:v1.33.2", args: ["--a=1"] }),
    ).toEqual(["--a=1"]);
    expect(apiserverArgs({ image: "nginx:1.27", args: ["--a=1"] })).toBeUndefined();
    expect(apiserverArgs({ command: ["kube-scheduler", "--a=1"] })).toBeUndefined();
  });
});

describe("clusterConfigOf", () => {
  it("says what is not observed, and why", () => {
    const config = clusterConfigOf(inventoryOf());
    expect(config.apiservers).toMatchObject({ observed: false, target: { kind: "KubeApiserver" } });
    expect(config.auditPolicies.observed).toBe(false);
    expect(config.encryptionConfigs.observed).toBe(false);
    if (!config.apiservers.observed)
      expect(config.apiservers.reason).toContain("--apiserver-flags");
  });

  it("reads the fixture static pod and its configuration files", () => {
    const config = clusterConfigOf(
      inventoryOf(
        fixture("kube-apiserver.yaml"),
        { ...fixture("audit-policy.yaml"), metadata: { name: "audit" } },
        { ...fixture("encryption-config.yaml"), metadata: { name: "enc" } },
        { ...fixture("authentication-config.yaml"), metadata: { name: "authn" } },
      ),
    );
    expect(config.apiservers.observed).toBe(true);
    if (!config.apiservers.observed || !config.encryptionConfigs.observed) return;
    const [apiserver] = config.apiservers.items;
    expect(apiserver.source).toMatchObject({
      kind: "Pod",
      namespace: "kube-system",
      name: "kube-apiserver",
    });
    expect(flagList(apiserver, "authorization-mode")).toEqual(["Node", "RBAC"]);
    expect(flagValue(apiserver, "anonymous-auth")).toBe("false");
    expect(config.auditPolicies.observed && config.auditPolicies.items[0].rules).toHaveLength(7);
    expect(encryptionRulesOf(config.encryptionConfigs.items[0])).toEqual([
      { resources: ["secrets", "configmaps"], providers: ["aescbc", "identity"] },
      { resources: ["events"], providers: ["identity"] },
    ]);
    if (!config.authenticationConfigs.observed) throw new Error("authn not observed");
    const authn = config.authenticationConfigs.items[0];
    expect(jwtIssuersOf(authn)).toEqual(["https://login.example.com"]);
  });

  it("ignores a kube-apiserver outside kube-system and a Kyverno Policy", () => {
    const config = clusterConfigOf(
      inventoryOf(staticPod({ command: ["kube-apiserver"] }, "tenant-a"), {
        apiVersion: "kyverno.io/v1",
        kind: "Policy",
        metadata: { name: "p", namespace: "x" },
        spec: {},
      }),
    );
    expect(config.apiservers.observed).toBe(false);
    expect(config.auditPolicies.observed).toBe(false);
  });

  it("keeps each apiserver of an HA control plane and KubeApiserverFlags objects", () => {
    const config = clusterConfigOf(
      inventoryOf(
        staticPod({ command: ["kube-apiserver", "--anonymous-auth=false"] }),
        {
          ...staticPod({ command: ["kube-apiserver"] }),
          metadata: { name: "kube-apiserver-cp2", namespace: "kube-system" },
        },
        {
          apiVersion: "tenet.dev/v1alpha1",
          kind: "KubeApiserverFlags",
          metadata: { name: "f" },
          args: ["--profiling=false"],
        },
      ),
    );
    expect(
      config.apiservers.observed && config.apiservers.items.map((item) => item.source.name),
    ).toEqual(["kube-apiserver-cp1", "kube-apiserver-cp2", "f"]);
  });
});

describe("configFileFor", () => {
  it("matches by base name, else the only file, else says what is missing", () => {
    const config = clusterConfigOf(
      inventoryOf(
        staticPod({ command: ["kube-apiserver", "--audit-policy-file=/etc/k/audit.yaml"] }),
      ),
    );
    if (!config.apiservers.observed) throw new Error("not observed");
    const apiserver = config.apiservers.items[0];
    const candidates = (...files: string[]) => {
      const items = files.map((file) => ({
        source: { kind: "Policy", name: file },
        file,
      }));
      const [first, ...rest] = items;
      return first === undefined
        ? ({ observed: false, reason: "", target: { kind: "Policy", name: "" } } as const)
        : ({ observed: true, items: [first, ...rest] } as const);
    };
    const pick = (...files: string[]) =>
      configFileFor(apiserver, "audit-policy-file", candidates(...files), (item) => item.file);
    expect(pick("a/audit.yaml", "b/other.yaml")).toMatchObject({ item: { file: "a/audit.yaml" } });
    expect(pick("b/other.yaml")).toMatchObject({ item: { file: "b/other.yaml" } });
    expect(pick("b/x.yaml", "b/y.yaml")).toHaveProperty("missing");
    expect(pick()).toEqual({
      missing: "--audit-policy-file=/etc/k/audit.yaml is not in the input: pass the file with -f",
    });
    expect(
      configFileFor(apiserver, "authentication-config", candidates("a"), (item) => item.file),
    ).toBeUndefined();
  });
});

describe("configFileFor on an HA control plane", () => {
  const apiserverAt = (name: string, file: string, flags: string[]) => ({
    object: {
      ...staticPod({ command: ["kube-apiserver", ...flags] }),
      metadata: { name, namespace: "kube-system" },
    },
    location: { file, line: 1 },
  });
  const policyAt = (file: string) => ({
    object: { apiVersion: "audit.k8s.io/v1", kind: "Policy", metadata: { name: file }, rules: [] },
    location: { file, line: 1 },
  });
  const flag = "--audit-policy-file=/etc/kubernetes/audit-policy.yaml";
  const pairs = (...loaded: Parameters<typeof buildInventory>[0]) => {
    const config = clusterConfigOf(buildInventory(loaded).inventory);
    if (!config.apiservers.observed) throw new Error("not observed");
    return config.apiservers.items.map((apiserver) => {
      const found = configFileFor(
        apiserver,
        "audit-policy-file",
        config.auditPolicies,
        (policy) => policy.source.file,
      );
      return [
        apiserver.source.name,
        found === undefined ? "unset" : "item" in found ? found.item.source.file : found.missing,
      ];
    });
  };

  it("pairs each node's apiserver with the file collected beside its manifest", () => {
    expect(
      pairs(
        apiserverAt("kube-apiserver-cp1", "nodes/cp-1/manifests/kube-apiserver.yaml", [flag]),
        apiserverAt("kube-apiserver-cp2", "nodes/cp-2/kube-apiserver.yaml", [flag]),
        policyAt("nodes/cp-1/audit-policy.yaml"),
        policyAt("nodes/cp-2/audit-policy.yaml"),
      ),
    ).toEqual([
      ["kube-apiserver-cp1", "nodes/cp-1/audit-policy.yaml"],
      ["kube-apiserver-cp2", "nodes/cp-2/audit-policy.yaml"],
    ]);
  });

  it("prefers, at equal distance, the file that ends with more of the flag's path", () => {
    expect(
      pairs(
        apiserverAt("kube-apiserver-cp1", "kube-apiserver.yaml", [flag]),
        policyAt("other/audit-policy.yaml"),
        policyAt("etc/kubernetes/audit-policy.yaml"),
      ),
    ).toEqual([["kube-apiserver-cp1", "etc/kubernetes/audit-policy.yaml"]]);
  });

  it("names the tie when two files fit a node equally, and gives no other node's lone file", () => {
    const [tie, lone] = [
      pairs(
        apiserverAt("kube-apiserver-cp3", "nodes/cp-3/kube-apiserver.yaml", [flag]),
        policyAt("nodes/cp-1/audit-policy.yaml"),
        policyAt("nodes/cp-2/audit-policy.yaml"),
      ),
      pairs(
        apiserverAt("kube-apiserver-cp1", "nodes/cp-1/kube-apiserver.yaml", [flag]),
        apiserverAt("kube-apiserver-cp2", "nodes/cp-2/kube-apiserver.yaml", [
          "--audit-policy-file=/etc/kubernetes/policy.yaml",
        ]),
        policyAt("nodes/cp-1/audit-policy.yaml"),
      ),
    ];
    expect(tie[0]?.[1]).toBe(
      "--audit-policy-file=/etc/kubernetes/audit-policy.yaml matches several loaded files equally: nodes/cp-1/audit-policy.yaml, nodes/cp-2/audit-policy.yaml",
    );
    expect(lone).toEqual([
      ["kube-apiserver-cp1", "nodes/cp-1/audit-policy.yaml"],
      [
        "kube-apiserver-cp2",
        "--audit-policy-file=/etc/kubernetes/policy.yaml matches none of the loaded files by name",
      ],
    ]);
  });
});

describe("judgeAuditPolicies on an HA control plane", () => {
  it("judges each policy in effect once, with its apiservers, and skips a node whose file is missing", () => {
    const node = (name: string, file: string, flag: string) => ({
      object: {
        ...staticPod({ command: ["kube-apiserver", `--audit-policy-file=${flag}`] }),
        metadata: { name, namespace: "kube-system" },
      },
      location: { file, line: 1 },
    });
    const policy = {
      object: {
        apiVersion: "audit.k8s.io/v1",
        kind: "Policy",
        metadata: { name: "shared/audit.yaml" },
        rules: [{ level: "Metadata" }],
      },
      location: { file: "shared/audit.yaml", line: 1 },
    };
    const { inventory } = buildInventory([
      node("kube-apiserver-cp1", "cp-1/kube-apiserver.yaml", "/etc/kubernetes/audit.yaml"),
      node("kube-apiserver-cp2", "cp-2/kube-apiserver.yaml", "/etc/kubernetes/audit.yaml"),
      node("kube-apiserver-cp3", "cp-3/kube-apiserver.yaml", "/etc/kubernetes/old-audit.yaml"),
      policy,
    ]);
    const results = judgeAuditPolicies("x", inventory, (item) => pass("x", item.source, "ok"));
    expect(results.map((result) => [result.status, result.target.name, result.evidence])).toEqual([
      ["pass", "shared/audit.yaml", { apiservers: ["kube-apiserver-cp1", "kube-apiserver-cp2"] }],
      ["skip", "kube-apiserver-cp3", undefined],
    ]);
  });
});
