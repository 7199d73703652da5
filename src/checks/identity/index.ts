import type { Check } from "../check.ts";
import { allAuthenticatedGrants } from "./all-authenticated-grants.ts";
import { anonymousGrants } from "./anonymous-grants.ts";
import { apiserverAnonymousAuth } from "./apiserver-anonymous-auth.ts";
import { apiserverAuthorizationMode } from "./apiserver-authorization-mode.ts";
import { apiserverExternalIdentity } from "./apiserver-external-identity.ts";
import { apiserverTokenAuthFile } from "./apiserver-token-auth-file.ts";
import { clusterAdminBindings } from "./cluster-admin-bindings.ts";
import { danglingBindings } from "./dangling-bindings.ts";
import { defaultServiceAccount } from "./default-service-account.ts";
import { legacyServiceAccountTokens } from "./legacy-service-account-tokens.ts";
import { rbacEscalationPaths } from "./rbac-escalation-paths.ts";
import { rbacWildcards } from "./rbac-wildcards.ts";
import { rbacWorkloadServiceAccountPower } from "./rbac-workload-service-account-power.ts";
import { serviceAccountTokenAutomount } from "./service-account-token-automount.ts";

export const identityChecks: readonly Check[] = [
  defaultServiceAccount,
  serviceAccountTokenAutomount,
  legacyServiceAccountTokens,
  clusterAdminBindings,
  rbacWildcards,
  anonymousGrants,
  allAuthenticatedGrants,
  danglingBindings,
  apiserverAnonymousAuth,
  apiserverTokenAuthFile,
  apiserverAuthorizationMode,
  apiserverExternalIdentity,
  rbacEscalationPaths,
  rbacWorkloadServiceAccountPower,
];
