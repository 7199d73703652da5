/** Inputs of `tenet admission manifests`. */
export interface WebhookManifestOptions {
  /** Base URL of `tenet serve`, e.g. https://tenet.tenet-system.svc:8443 or https://127.0.0.1:8443. */
  readonly url: string;
  /** PEM of the CA that signed Tenet's serving certificate. */
  readonly caBundlePem: string;
  /** Tenet's own namespace: excluded, so that Tenet down never blocks Tenet's own restart. */
  readonly namespace: string;
  readonly failurePolicy: "Fail" | "Ignore";
  readonly timeoutSeconds: number;
}

const RULES = [
  {
    apiGroups: [""],
    apiVersions: ["v1"],
    resources: [
      "pods",
      "services",
      "serviceaccounts",
      "configmaps",
      "secrets",
      "replicationcontrollers",
      "namespaces",
    ],
  },
  {
    apiGroups: ["apps"],
    apiVersions: ["v1"],
    resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
  },
  { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs", "cronjobs"] },
  {
    apiGroups: ["networking.k8s.io"],
    apiVersions: ["v1"],
    resources: ["ingresses", "networkpolicies"],
  },
  {
    apiGroups: ["rbac.authorization.k8s.io"],
    apiVersions: ["v1"],
    resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"],
  },
].map((rule) => ({ ...rule, operations: ["CREATE", "UPDATE"], scope: "*" }));

/**
 * The ValidatingWebhookConfiguration and MutatingWebhookConfiguration for `tenet serve`.
 * kube-system and Tenet's own namespace are excluded so that an outage of Tenet cannot stop the
 * control plane or Tenet itself from coming back (docs/admission.md explains the defaults).
 */
export function webhookConfigurations(options: WebhookManifestOptions): readonly object[] {
  const base = options.url.replace(/\/+$/, "");
  const common = {
    admissionReviewVersions: ["v1"],
    sideEffects: "None",
    failurePolicy: options.failurePolicy,
    timeoutSeconds: options.timeoutSeconds,
    matchPolicy: "Equivalent",
    namespaceSelector: {
      matchExpressions: [
        {
          key: "kubernetes.io/metadata.name",
          operator: "NotIn",
          values: ["kube-system", options.namespace],
        },
      ],
    },
    rules: RULES,
  };
  const caBundle = Buffer.from(options.caBundlePem).toString("base64");
  return [
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingWebhookConfiguration",
      metadata: { name: "tenet", labels: { "app.kubernetes.io/name": "tenet" } },
      webhooks: [
        {
          name: "validate.tenet.dev",
          clientConfig: { url: `${base}/validate`, caBundle },
          ...common,
        },
      ],
    },
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "MutatingWebhookConfiguration",
      metadata: { name: "tenet", labels: { "app.kubernetes.io/name": "tenet" } },
      webhooks: [
        {
          name: "mutate.tenet.dev",
          clientConfig: { url: `${base}/mutate`, caBundle },
          ...common,
          // Mutation is a convenience, never a control: Tenet down must not block workloads.
          failurePolicy: "Ignore",
          reinvocationPolicy: "IfNeeded",
          rules: RULES.filter(
            (rule) =>
              rule.apiGroups[0] !== "rbac.authorization.k8s.io" &&
              rule.apiGroups[0] !== "networking.k8s.io",
          ),
        },
      ],
    },
  ];
}
