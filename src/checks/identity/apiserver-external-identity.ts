import { flagValue } from "../../model/cluster-config-flags.ts";
import { jwtIssuersOf } from "../../model/cluster-config-authn.ts";
import { clusterConfigOf, configFileFor, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "apiserver-external-identity";

export const apiserverExternalIdentity: Check = {
  id,
  title: "People authenticate to the apiserver through an external identity provider",
  pillar: "identity",
  severity: "medium",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "AuthenticationConfiguration"],
  frameworks: {
    cis: ["3.1.1", "3.1.2", "3.1.3"],
    "nsa-cisa": ["Authentication and authorization: Authentication"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication", "Identity: Identity Stores"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.2.1", "8.2.5"],
    soc2: ["CC6.1", "CC6.2"],
  },
  remediation:
    "Configure OIDC (`jwt` issuers in an AuthenticationConfiguration, or `--oidc-issuer-url`) or a token webhook, and stop issuing client certificates to people.",
  description:
    "Without an identity provider, people log in with client certificates or tokens that cannot be revoked, carry no MFA, and outlive the person's role.",
  evaluate: ({ inventory }) => {
    const config = clusterConfigOf(inventory);
    return judgeEach(id, config.apiservers, (apiserver) => {
      const file = configFileFor(
        apiserver,
        "authentication-config",
        config.authenticationConfigs,
        (item) => item.file,
      );
      const issuers = file !== undefined && "item" in file ? jwtIssuersOf(file.item) : [];
      const oidc = flagValue(apiserver, "oidc-issuer-url") ?? "";
      const webhook = flagValue(apiserver, "authentication-token-webhook-config-file") ?? "";
      const providers = [
        ...issuers,
        ...(oidc === "" ? [] : [oidc]),
        ...(webhook === "" ? [] : ["token webhook"]),
      ];
      if (providers.length > 0)
        return pass(id, apiserver.source, `Identity providers: ${providers.join(", ")}`, {
          providers,
        });
      if (file !== undefined && "missing" in file) {
        return skip(
          id,
          apiserver.source,
          `JWT issuers may be set in the authentication config: ${file.missing}`,
        );
      }
      return fail(
        id,
        apiserver.source,
        "No OIDC issuer, JWT authenticator or token webhook is configured",
      );
    });
  },
};
