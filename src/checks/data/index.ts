import type { Check } from "../check.ts";
import { cniTransparentEncryption } from "./cni-transparent-encryption.ts";
import { configmapCredentials } from "./configmap-credentials.ts";
import { envLiteralCredentials } from "./env-literal-credentials.ts";
import { externalSecretStore } from "./external-secret-store.ts";
import { meshMtlsStrict } from "./mesh-mtls-strict.ts";
import { meshNamespaceCoverage } from "./mesh-namespace-coverage.ts";
import { meshRequestAuthentication } from "./mesh-request-authentication.ts";
import { meshSidecarBypass } from "./mesh-sidecar-bypass.ts";
import { meshWorkloadMtls } from "./mesh-workload-mtls.ts";
import { secretsEncryptionAtRest } from "./secrets-encryption-at-rest.ts";
import { secretsInEnv } from "./secrets-in-env.ts";

export const dataChecks: readonly Check[] = [
  secretsEncryptionAtRest,
  secretsInEnv,
  configmapCredentials,
  envLiteralCredentials,
  externalSecretStore,
  meshMtlsStrict,
  meshWorkloadMtls,
  meshRequestAuthentication,
  meshNamespaceCoverage,
  meshSidecarBypass,
  cniTransparentEncryption,
];
