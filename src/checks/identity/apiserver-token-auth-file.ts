import { flagValue } from "../../model/cluster-config-flags.ts";
import { clusterConfigOf, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "apiserver-token-auth-file";

/** Static credential files: tokens (still supported) and passwords (removed in 1.19). */
const STATIC_FILE_FLAGS = ["token-auth-file", "basic-auth-file"] as const;

export const apiserverTokenAuthFile: Check = {
  id,
  title: "The apiserver accepts no static tokens or passwords from a file",
  pillar: "identity",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags"],
  frameworks: {
    cis: ["1.2.2"],
    "nsa-cisa": ["Authentication and authorization: Authentication"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.3.2", "8.6.2"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Remove `--token-auth-file`; authenticate people through OIDC and workloads through ServiceAccount tokens.",
  description:
    "Tokens in a static file never expire, cannot be revoked without restarting the apiserver, and sit in clear text on the control-plane node.",
  evaluate: ({ inventory }) =>
    judgeEach(id, clusterConfigOf(inventory).apiservers, (apiserver) => {
      const set = STATIC_FILE_FLAGS.filter((flag) => (flagValue(apiserver, flag) ?? "") !== "");
      return set.length === 0
        ? pass(id, apiserver.source, "No static token or password file")
        : fail(
            id,
            apiserver.source,
            `Static credentials from ${set.map((flag) => `--${flag}`).join(", ")}`,
            {
              flags: set.map((flag) => `--${flag}`),
            },
          );
    }),
};
