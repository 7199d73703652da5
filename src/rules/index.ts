import type { Rule } from "./rule.ts";
import { admissionWebhookChanged } from "./admission-webhook-changed.ts";
import { anonymousAccess } from "./anonymous-access.ts";
import { authFailureBurst } from "./auth-failure-burst.ts";
import { clusterAdminBinding } from "./cluster-admin-binding.ts";
import { configmapCredentials } from "./configmap-credentials.ts";
import { csrApproved } from "./csr-approved.ts";
import { defaultDenyRemoved } from "./default-deny-removed.ts";
import { ephemeralContainer } from "./ephemeral-container.ts";
import { eventsDeleted } from "./events-deleted.ts";
import { hostNamespacePod } from "./host-namespace-pod.ts";
import { hostPathMount } from "./host-path-mount.ts";
import { impersonation } from "./impersonation.ts";
import { kubeSystemServiceAccount } from "./kube-system-service-account.ts";
import { kubeSystemWorkload } from "./kube-system-workload.ts";
import { nodeportService } from "./nodeport-service.ts";
import { nodesProxy } from "./nodes-proxy.ts";
import { podExecRole } from "./pod-exec-role.ts";
import { podExec } from "./pod-exec.ts";
import { podPortForward } from "./pod-port-forward.ts";
import { podSecurityDowngrade } from "./pod-security-downgrade.ts";
import { privilegedPod } from "./privileged-pod.ts";
import { rbacBindEscalate } from "./rbac-bind-escalate.ts";
import { secretReadByUser } from "./secret-read-by-user.ts";
import { secretsListWatch } from "./secrets-list-watch.ts";
import { sensitiveMount } from "./sensitive-mount.ts";
import { serviceAccountTokenRequest } from "./service-account-token-request.ts";
import { serviceAccountTokenSecret } from "./service-account-token-secret.ts";
import { systemRoleModified } from "./system-role-modified.ts";
import { wildcardRole } from "./wildcard-role.ts";

/** Every detection rule, in the order docs list them. Adding a rule is one line here. */
export const rules: readonly Rule[] = [
  admissionWebhookChanged,
  anonymousAccess,
  authFailureBurst,
  clusterAdminBinding,
  configmapCredentials,
  csrApproved,
  defaultDenyRemoved,
  ephemeralContainer,
  eventsDeleted,
  hostNamespacePod,
  hostPathMount,
  impersonation,
  kubeSystemServiceAccount,
  kubeSystemWorkload,
  nodeportService,
  nodesProxy,
  podExecRole,
  podExec,
  podPortForward,
  podSecurityDowngrade,
  privilegedPod,
  rbacBindEscalate,
  secretReadByUser,
  secretsListWatch,
  sensitiveMount,
  serviceAccountTokenRequest,
  serviceAccountTokenSecret,
  systemRoleModified,
  wildcardRole,
];
