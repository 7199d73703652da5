// Which kinds Tenet analyzes, and which are cluster-scoped. A kind outside KNOWN_KINDS is
// kept in the inventory and counted, but no check reads it.

/** Kinds with no namespace: a manifest's `metadata.namespace` on them is ignored. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "APIService",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "CertificateSigningRequest",
  "CiliumClusterwideNetworkPolicy",
  "ClusterIssuer",
  "ClusterNetworkPolicy",
  "ClusterPolicyReport",
  "ClusterRole",
  "ClusterRoleBinding",
  "ClusterSecretStore",
  "CustomResourceDefinition",
  "FelixConfiguration",
  "GatewayClass",
  "GlobalNetworkPolicy",
  "GlobalNetworkSet",
  "HostEndpoint",
  "IngressClass",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "ResourceSlice",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  // Configuration files of the control plane, loaded like objects.
  "EncryptionConfiguration",
  "Policy",
  "AuthenticationConfiguration",
  "AuthorizationConfiguration",
  "AdmissionConfiguration",
  "KubeApiserverFlags",
]);

/** Kinds that carry a pod template, and where it sits. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_TEMPLATE_PATHS));

/** Kinds some check, engine or rule reads. Extend when a check starts reading a new kind. */
export const KNOWN_KINDS: ReadonlySet<string> = new Set([
  ...WORKLOAD_KINDS,
  ...CLUSTER_SCOPED_KINDS,
  "AuthorizationPolicy",
  "CiliumNetworkPolicy",
  "CiliumNodeConfig",
  "ConfigMap",
  "Endpoints",
  "EndpointSlice",
  "ExternalSecret",
  "FrontendConfig",
  "Gateway",
  "HTTPRoute",
  "Ingress",
  "LimitRange",
  "NetworkPolicy",
  "PeerAuthentication",
  "PersistentVolumeClaim",
  "PodDisruptionBudget",
  "PodMonitor",
  "RequestAuthentication",
  "ResourceQuota",
  "Role",
  "RoleBinding",
  "Secret",
  "SecretProviderClass",
  "VaultDynamicSecret",
  "VaultPKISecret",
  "VaultStaticSecret",
  "SecretStore",
  "Server",
  "Service",
  "ServiceAccount",
  "ServiceMonitor",
  "Sidecar",
  "DestinationRule",
  "PrometheusRule",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
