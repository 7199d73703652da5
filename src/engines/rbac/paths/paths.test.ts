import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../../test/helpers/inventory.ts";
import {
  clusterRole,
  clusterRoleBinding,
  group,
  role,
  roleBinding,
  sa,
  user,
  type RuleSpec,
} from "../../../../test/fixtures/rbac/objects.ts";
import type { KubeObject } from "../../../model/kube-object.ts";
import { buildRbacEngine } from "../index.ts";
import type { PathFinding } from "./types.ts";

function pathsOf(...objects: KubeObject[]): readonly PathFinding[] {
  return buildRbacEngine(inventoryOf(...objects)).escalationPaths();
}

/** Alice holds these rules in namespace `app` (a Role and a RoleBinding). */
function aliceInApp(rules: RuleSpec[]): KubeObject[] {
  return [
    role("app", "r", rules),
    roleBinding("app", "rb", { kind: "Role", name: "r" }, [user("alice")]),
  ];
}

/** Alice holds these rules cluster-wide. */
function aliceCluster(rules: RuleSpec[]): KubeObject[] {
  return [
    clusterRole("c", rules),
    clusterRoleBinding("crb", { kind: "ClusterRole", name: "c" }, [user("alice")]),
  ];
}

const namespace = (name: string, enforce?: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: {
    name,
    ...(enforce === undefined ? {} : { labels: { "pod-security.kubernetes.io/enforce": enforce } }),
  },
});
const serviceAccount = (ns: string, name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, namespace: ns },
});
const tokenSecret = (ns: string, name: string, account: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Secret",
  type: "kubernetes.io/service-account-token",
  metadata: { name, namespace: ns, annotations: { "kubernetes.io/service-account.name": account } },
});
const deployment = (
  ns: string,
  name: string,
  account: string,
  automount?: boolean,
): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: ns },
  spec: {
    template: {
      spec: {
        serviceAccountName: account,
        ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
        containers: [{ name: "c" }],
      },
    },
  },
});
/** ServiceAccount app/deployer is cluster-admin. */
const powerfulAccount = [
  serviceAccount("app", "deployer"),
  clusterRole("everything", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]),
  clusterRoleBinding("deployer-admin", { kind: "ClusterRole", name: "everything" }, [
    sa("app", "deployer"),
  ]),
];

const aliceFindings = (findings: readonly PathFinding[]) =>
  findings.filter((f) => f.subject.kind === "User" && f.subject.name === "alice");
const impacts = (findings: readonly PathFinding[]) =>
  aliceFindings(findings)
    .map((f) => f.impact)
    .sort();
const find = (findings: readonly PathFinding[], impact: string) =>
  aliceFindings(findings).find((f) => f.impact === impact);

describe("escalation paths: techniques", () => {
  it("reports a direct wildcard grant as cluster-admin, whatever the role is called", () => {
    const finding = find(
      pathsOf(...aliceCluster([{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }])),
      "cluster-admin",
    );
    expect(finding).toMatchObject({
      type: "privilege-escalation",
      severity: "critical",
      techniques: ["direct-grant"],
    });
    expect(finding?.path[0]?.grants[0]).toMatchObject({
      binding: { kind: "ClusterRoleBinding", name: "crb" },
      role: { name: "c" },
      ruleIndex: 0,
    });
  });

  it.each([
    ["", "pods", "create"],
    ["apps", "deployments", "create"],
    ["apps", "statefulsets", "patch"],
    ["apps", "daemonsets", "create"],
    ["apps", "replicasets", "create"],
    ["batch", "jobs", "create"],
    ["batch", "cronjobs", "create"],
    ["", "replicationcontrollers", "create"],
  ])("lets creating %s/%s run as any ServiceAccount of the namespace", (group, resource, verb) => {
    const findings = pathsOf(
      namespace("app", "restricted"),
      ...aliceInApp([{ verbs: [verb], apiGroups: [group], resources: [resource] }]),
    );
    expect(find(findings, "run-as-any-sa:app")?.techniques).toEqual(["create-workload"]);
  });

  it("follows workload creation to a powerful ServiceAccount of the namespace", () => {
    const findings = pathsOf(
      namespace("app", "restricted"),
      ...powerfulAccount,
      ...aliceInApp([{ verbs: ["create"], apiGroups: ["batch"], resources: ["jobs"] }]),
    );
    const finding = find(findings, "cluster-admin");
    expect(finding?.techniques).toEqual(["create-workload", "direct-grant"]);
    expect(finding?.path.map((step) => step.becomes)).toEqual([
      "ServiceAccount app/deployer",
      undefined,
    ]);
    expect(finding?.path[1]?.grants[0]).toMatchObject({ binding: { name: "deployer-admin" } });
  });

  it("finds node compromise through privileged pods only where Pod Security does not enforce", () => {
    const rules = [{ verbs: ["create"], apiGroups: [""], resources: ["pods"] }];
    expect(
      find(pathsOf(namespace("app"), ...aliceInApp(rules)), "node-compromise:any-schedulable")
        ?.techniques,
    ).toEqual(["privileged-workload"]);
    expect(
      find(
        pathsOf(namespace("app", "baseline"), ...aliceInApp(rules)),
        "node-compromise:any-schedulable",
      ),
    ).toBeUndefined();
  });

  it("finds relabeling a namespace to a weaker Pod Security level before a privileged pod", () => {
    const findings = pathsOf(
      namespace("app", "restricted"),
      ...aliceInApp([{ verbs: ["create"], apiGroups: [""], resources: ["pods"] }]),
      clusterRole("ns-editor", [
        { verbs: ["patch"], apiGroups: [""], resources: ["namespaces"], resourceNames: ["app"] },
      ]),
      clusterRoleBinding("alice-ns", { kind: "ClusterRole", name: "ns-editor" }, [user("alice")]),
    );
    const finding = find(findings, "node-compromise:any-schedulable");
    expect(finding?.techniques).toEqual(["relabel-namespace-pod-security", "privileged-workload"]);
    expect(finding?.path).toHaveLength(2);
  });

  it("finds hostPath PersistentVolumes, which Pod Security does not see", () => {
    const findings = pathsOf(
      namespace("app", "restricted"),
      ...aliceInApp([
        { verbs: ["create"], apiGroups: [""], resources: ["pods", "persistentvolumeclaims"] },
      ]),
      clusterRole("pv", [{ verbs: ["create"], apiGroups: [""], resources: ["persistentvolumes"] }]),
      clusterRoleBinding("alice-pv", { kind: "ClusterRole", name: "pv" }, [user("alice")]),
    );
    expect(find(findings, "node-compromise:any-schedulable")?.techniques).toEqual([
      "hostpath-persistentvolume",
    ]);
  });

  it("reads Secrets of a namespace, or of the cluster, but not through a name-restricted grant", () => {
    expect(
      find(
        pathsOf(...aliceInApp([{ verbs: ["list"], apiGroups: [""], resources: ["secrets"] }])),
        "read-secrets:app",
      )?.techniques,
    ).toEqual(["read-secrets"]);
    expect(
      find(
        pathsOf(...aliceCluster([{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }])),
        "read-secrets:cluster",
      ),
    ).toBeDefined();
    expect(
      impacts(
        pathsOf(
          ...aliceInApp([
            { verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["tls"] },
          ]),
        ),
      ),
    ).toEqual([]);
  });

  it("becomes the ServiceAccount whose token Secret it can read", () => {
    const findings = pathsOf(
      ...powerfulAccount,
      tokenSecret("app", "deployer-token", "deployer"),
      ...aliceInApp([
        {
          verbs: ["get"],
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: ["deployer-token"],
        },
      ]),
    );
    expect(find(findings, "identity:ServiceAccount/app/deployer")?.techniques).toEqual([
      "read-service-account-token-secret",
    ]);
    expect(find(findings, "cluster-admin")?.techniques).toEqual([
      "read-service-account-token-secret",
      "direct-grant",
    ]);
  });

  it("follows readable Secrets to the long-lived tokens among them", () => {
    const findings = pathsOf(
      ...powerfulAccount,
      tokenSecret("app", "deployer-token", "deployer"),
      ...aliceInApp([{ verbs: ["list"], apiGroups: [""], resources: ["secrets"] }]),
    );
    expect(find(findings, "cluster-admin")?.techniques).toEqual([
      "read-secrets",
      "read-service-account-token-secret",
      "direct-grant",
    ]);
  });

  it("creates a token Secret for any ServiceAccount when it can also read Secrets", () => {
    const both = aliceInApp([
      { verbs: ["create", "get"], apiGroups: [""], resources: ["secrets"] },
    ]);
    expect(find(pathsOf(...both), "act-as-any-sa:app")?.techniques).toEqual([
      "create-token-secret",
    ]);
    const createOnly = aliceInApp([{ verbs: ["create"], apiGroups: [""], resources: ["secrets"] }]);
    expect(impacts(pathsOf(...createOnly))).toEqual([]);
  });

  it("mints ServiceAccount tokens with serviceaccounts/token", () => {
    expect(
      find(
        pathsOf(
          ...aliceInApp([
            { verbs: ["create"], apiGroups: [""], resources: ["serviceaccounts/token"] },
          ]),
        ),
        "act-as-any-sa:app",
      )?.techniques,
    ).toEqual(["serviceaccount-token"]);
    const named = pathsOf(
      serviceAccount("app", "ci"),
      ...aliceInApp([
        {
          verbs: ["create"],
          apiGroups: [""],
          resources: ["serviceaccounts/token"],
          resourceNames: ["ci"],
        },
      ]),
    );
    expect(impacts(named)).toEqual(["identity:ServiceAccount/app/ci"]);
  });

  it.each([
    ["pod-exec", "create", "pods/exec"],
    ["pod-attach", "create", "pods/attach"],
    ["ephemeral-containers", "patch", "pods/ephemeralcontainers"],
  ])("finds code execution in running pods through %s", (technique, verb, resource) => {
    const findings = pathsOf(
      deployment("app", "api", "default"),
      ...aliceInApp([{ verbs: [verb], apiGroups: [""], resources: [resource] }]),
    );
    expect(find(findings, "code-exec:pod app/*")).toMatchObject({
      type: "lateral-movement",
      techniques: [technique],
    });
  });

  it("names the pod when exec is restricted to it by resourceNames", () => {
    const findings = pathsOf(
      deployment("app", "api", "default"),
      deployment("app", "web", "default"),
      ...aliceInApp([
        { verbs: ["create"], apiGroups: [""], resources: ["pods/exec"], resourceNames: ["api"] },
      ]),
    );
    expect(impacts(findings)).toEqual(["code-exec:pod app/api"]);
  });

  it("follows exec into a pod to the ServiceAccount it runs as", () => {
    const findings = pathsOf(
      ...powerfulAccount,
      deployment("app", "api", "deployer"),
      ...aliceInApp([{ verbs: ["create"], apiGroups: [""], resources: ["pods/exec"] }]),
    );
    expect(find(findings, "cluster-admin")?.techniques).toEqual(["pod-exec", "direct-grant"]);
  });

  it("finds nodes/proxy as compromise of every node", () => {
    expect(
      find(
        pathsOf(...aliceCluster([{ verbs: ["get"], apiGroups: [""], resources: ["nodes/proxy"] }])),
        "node-compromise:all",
      )?.techniques,
    ).toEqual(["nodes-proxy"]);
  });

  it("finds impersonation of groups, users and ServiceAccounts", () => {
    expect(
      find(
        pathsOf(
          ...aliceCluster([{ verbs: ["impersonate"], apiGroups: [""], resources: ["groups"] }]),
        ),
        "cluster-admin",
      )?.techniques,
    ).toEqual(["impersonate"]);
    expect(
      find(
        pathsOf(
          ...aliceCluster([{ verbs: ["impersonate"], apiGroups: [""], resources: ["users"] }]),
        ),
        "identity:User/*",
      ),
    ).toBeDefined();
    expect(
      find(
        pathsOf(
          ...aliceInApp([
            { verbs: ["impersonate"], apiGroups: [""], resources: ["serviceaccounts"] },
          ]),
        ),
        "act-as-any-sa:app",
      )?.techniques,
    ).toEqual(["impersonate"]);
    // Impersonating one named group that is not system:masters is not cluster-admin.
    expect(
      find(
        pathsOf(
          ...aliceCluster([
            {
              verbs: ["impersonate"],
              apiGroups: [""],
              resources: ["groups"],
              resourceNames: ["dev"],
            },
          ]),
        ),
        "cluster-admin",
      ),
    ).toBeUndefined();
  });

  it("finds bind and escalate on roles", () => {
    const bind = pathsOf(
      ...aliceCluster([
        { verbs: ["bind"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"] },
        {
          verbs: ["create"],
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["clusterrolebindings"],
        },
      ]),
    );
    expect(find(bind, "cluster-admin")?.techniques).toEqual(["bind-role"]);
    const bindInNamespace = pathsOf(
      ...aliceInApp([
        { verbs: ["bind"], apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"] },
        {
          verbs: ["create"],
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["rolebindings"],
        },
      ]),
    );
    expect(find(bindInNamespace, "namespace-admin:app")?.techniques).toEqual(["bind-role"]);
    const escalate = pathsOf(
      ...aliceCluster([
        {
          verbs: ["escalate", "update"],
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["clusterroles"],
        },
      ]),
    );
    expect(find(escalate, "cluster-admin")?.techniques).toEqual(["escalate-role"]);
    // Creating bindings without bind or escalate only grants what one already holds.
    expect(
      impacts(
        pathsOf(
          ...aliceInApp([
            {
              verbs: ["create"],
              apiGroups: ["rbac.authorization.k8s.io"],
              resources: ["rolebindings"],
            },
          ]),
        ),
      ),
    ).toEqual([]);
  });

  it("finds approving client-certificate CSRs", () => {
    const findings = pathsOf(
      ...aliceCluster([
        {
          verbs: ["create"],
          apiGroups: ["certificates.k8s.io"],
          resources: ["certificatesigningrequests"],
        },
        {
          verbs: ["update"],
          apiGroups: ["certificates.k8s.io"],
          resources: ["certificatesigningrequests/approval"],
        },
        {
          verbs: ["approve"],
          apiGroups: ["certificates.k8s.io"],
          resources: ["signers"],
          resourceNames: ["kubernetes.io/kube-apiserver-client"],
        },
      ]),
    );
    expect(find(findings, "impersonate-any-identity-via-client-cert")?.techniques).toEqual([
      "approve-csr",
    ]);
  });

  it("finds control of admission webhooks", () => {
    const findings = pathsOf(
      ...aliceCluster([
        {
          verbs: ["patch"],
          apiGroups: ["admissionregistration.k8s.io"],
          resources: ["mutatingwebhookconfigurations"],
        },
      ]),
    );
    expect(find(findings, "cluster-compromise")?.techniques).toEqual([
      "control-admission-webhooks",
    ]);
  });

  it("finds NetworkPolicy writes as lateral movement", () => {
    const findings = pathsOf(
      ...aliceInApp([
        { verbs: ["delete"], apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"] },
      ]),
    );
    expect(find(findings, "write:networking.k8s.io/networkpolicies@app")?.type).toBe(
      "lateral-movement",
    );
  });

  it("reports a running workload that holds a powerful ServiceAccount, unless no token is mounted", () => {
    const findings = pathsOf(...powerfulAccount, deployment("app", "api", "deployer"));
    expect(findings.find((f) => f.subject.kind === "Deployment")).toMatchObject({
      type: "lateral-movement",
      subject: { kind: "Deployment", namespace: "app", name: "api" },
      impact: "cluster-admin",
      techniques: ["compromised-workload", "direct-grant"],
    });
    const unmounted = pathsOf(...powerfulAccount, deployment("app", "api", "deployer", false));
    expect(unmounted.find((f) => f.subject.kind === "Deployment")).toBeUndefined();
  });
});

describe("escalation paths: innocent grants raise nothing", () => {
  it("ignores read-only access to workloads and config, and a workload with a read-only account", () => {
    const findings = pathsOf(
      namespace("app"),
      serviceAccount("app", "web"),
      deployment("app", "web", "web"),
      clusterRole("viewer", [
        {
          verbs: ["get", "list", "watch"],
          apiGroups: ["", "apps", "batch"],
          resources: ["pods", "pods/log", "configmaps", "services", "deployments", "jobs"],
        },
      ]),
      roleBinding("app", "web-view", { kind: "ClusterRole", name: "viewer" }, [
        sa("", "web"),
        user("alice"),
      ]),
      ...aliceInApp([
        { verbs: ["update"], apiGroups: [""], resources: ["configmaps"] },
        { verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["public-ca"] },
      ]),
    );
    expect(findings).toEqual([]);
  });
});

describe("escalation paths: hygiene", () => {
  it("flags dangling bindings, broad and anonymous grants, wildcards, legacy tokens and dead rules", () => {
    const findings = pathsOf(
      serviceAccount("app", "web"),
      tokenSecret("app", "web-token", "web"),
      roleBinding("app", "ghost", { kind: "Role", name: "missing" }, [user("alice")]),
      roleBinding("app", "typo", { kind: "ClusterRole", name: "reader" }, [sa("", "wbe")]),
      clusterRole("reader", [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"] }]),
      clusterRoleBinding("everyone", { kind: "ClusterRole", name: "reader" }, [
        group("system:authenticated"),
      ]),
      clusterRoleBinding("anon", { kind: "ClusterRole", name: "reader" }, [
        group("system:unauthenticated"),
      ]),
      role("app", "wild", [
        { verbs: ["*"], apiGroups: [""], resources: ["configmaps"] },
        { verbs: ["get"], nonResourceURLs: ["/metrics"] },
      ]),
    );
    const hygiene = findings
      .filter((f) => f.type === "hygiene")
      .map((f) => f.impact)
      .sort();
    expect(hygiene).toEqual([
      "anonymous-access:anon",
      "broad-group-grant:everyone",
      "dangling-binding:app/ghost",
      "dangling-binding:app/typo",
      "dead-rule:app/wild",
      "legacy-token-secret:app/web-token",
      "wildcard-rule:app/wild",
    ]);
  });
});
