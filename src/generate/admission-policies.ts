// ValidatingAdmissionPolicies (CEL, evaluated inside the apiserver) for the core Pod Security
// baseline and identity controls: the fallback that keeps enforcing while Tenet's webhook is
// unreachable. Baseline only, matching `tenet serve`'s default policy.
import { BASELINE_ADDABLE_CAPABILITIES } from "../model/pod-security.ts";

/** A CEL rule over a variable `spec` that holds the PodSpec under review. */
interface PodRule {
  readonly control: string;
  readonly expression: string;
  readonly message: string;
}

/** All containers of `variables.spec`, init and ephemeral included (the PSS scope). */
const ALL_CONTAINERS =
  "variables.spec.containers + (has(variables.spec.initContainers) ? variables.spec.initContainers : []) + (has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : [])";

const allContainers = (condition: string): string => `(${ALL_CONTAINERS}).all(c, ${condition})`;

const POD_RULES: readonly PodRule[] = [
  {
    control: "privileged-containers",
    expression: allContainers(
      "!has(c.securityContext) || !has(c.securityContext.privileged) || c.securityContext.privileged == false",
    ),
    message: "privileged containers are not allowed (tenet privileged-containers)",
  },
  {
    control: "host-namespaces",
    expression:
      "!(has(variables.spec.hostNetwork) && variables.spec.hostNetwork) && !(has(variables.spec.hostPID) && variables.spec.hostPID) && !(has(variables.spec.hostIPC) && variables.spec.hostIPC)",
    message:
      "sharing the host's network, PID or IPC namespace is not allowed (tenet host-namespaces)",
  },
  {
    control: "host-path-volumes",
    expression: "!has(variables.spec.volumes) || variables.spec.volumes.all(v, !has(v.hostPath))",
    message: "hostPath volumes are not allowed (tenet host-path-volumes)",
  },
  {
    control: "host-ports",
    expression: allContainers(
      "!has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0)",
    ),
    message: "host ports are not allowed (tenet host-ports)",
  },
  {
    control: "capabilities-baseline",
    expression: allContainers(
      `!has(c.securityContext) || !has(c.securityContext.capabilities) || !has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(cap, cap in ${JSON.stringify(BASELINE_ADDABLE_CAPABILITIES)})`,
    ),
    message:
      "adding capabilities beyond the Pod Security baseline set is not allowed (tenet capabilities-baseline)",
  },
];

/** Where the PodSpec sits in each family of kinds. */
const FAMILIES = [
  {
    name: "pods",
    spec: "object.spec",
    rules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
  },
  {
    name: "workloads",
    spec: "object.spec.template.spec",
    rules: [
      {
        apiGroups: ["apps"],
        apiVersions: ["v1"],
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
      },
      { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs"] },
      { apiGroups: [""], apiVersions: ["v1"], resources: ["replicationcontrollers"] },
    ],
  },
  {
    name: "cronjobs",
    spec: "object.spec.jobTemplate.spec.template.spec",
    rules: [{ apiGroups: ["batch"], apiVersions: ["v1"], resources: ["cronjobs"] }],
  },
] as const;

const BROAD_SUBJECTS = ["system:anonymous", "system:unauthenticated", "system:authenticated"];

export interface AdmissionPolicyOptions {
  /** Namespaces the policies never apply to. */
  readonly excludeNamespaces: readonly string[];
  /** `Deny` enforces; `Warn` and `Audit` only report (validationActions of the binding). */
  readonly action: "Deny" | "Warn" | "Audit";
}

function policyPair(name: string, spec: object, options: AdmissionPolicyOptions): object[] {
  return [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name, labels: { "app.kubernetes.io/managed-by": "tenet" } },
      spec,
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name, labels: { "app.kubernetes.io/managed-by": "tenet" } },
      spec: {
        policyName: name,
        validationActions: options.action === "Warn" ? ["Warn", "Audit"] : [options.action],
        matchResources: {
          namespaceSelector: {
            matchExpressions: [
              {
                key: "kubernetes.io/metadata.name",
                operator: "NotIn",
                values: [...options.excludeNamespaces],
              },
            ],
          },
        },
      },
    },
  ];
}

/** ValidatingAdmissionPolicy and Binding objects, ready to apply with kubectl. */
export function admissionPolicies(options: AdmissionPolicyOptions): readonly object[] {
  const pods = FAMILIES.flatMap((family) =>
    policyPair(
      `tenet-pod-security-${family.name}`,
      {
        failurePolicy: "Fail",
        matchConstraints: {
          resourceRules: family.rules.map((rule) => ({
            ...rule,
            operations: ["CREATE", "UPDATE"],
          })),
        },
        variables: [{ name: "spec", expression: family.spec }],
        validations: POD_RULES.map((rule) => ({
          expression: rule.expression,
          message: rule.message,
          reason: "Forbidden",
        })),
      },
      options,
    ),
  );
  const bindings = policyPair(
    "tenet-identity-bindings",
    {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ["rbac.authorization.k8s.io"],
            apiVersions: ["v1"],
            resources: ["rolebindings", "clusterrolebindings"],
            operations: ["CREATE", "UPDATE"],
          },
        ],
      },
      validations: [
        {
          expression: `!has(object.subjects) || object.subjects.all(s, !(s.kind == 'Group' && s.name in ${JSON.stringify(BROAD_SUBJECTS)}) && !(s.kind == 'User' && s.name == 'system:anonymous'))`,
          message:
            "bindings to anonymous, unauthenticated or all authenticated users are not allowed (tenet anonymous-grants, all-authenticated-grants)",
          reason: "Forbidden",
        },
        {
          expression:
            "object.roleRef.name != 'cluster-admin' || (has(object.subjects) && object.subjects.all(s, s.kind == 'Group' && s.name == 'system:masters'))",
          message: "new bindings to cluster-admin are not allowed (tenet cluster-admin-bindings)",
          reason: "Forbidden",
        },
      ],
    },
    options,
  );
  return [...pods, ...bindings];
}
