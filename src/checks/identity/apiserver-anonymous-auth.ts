import { anonymousAuthOf, HEALTH_PATHS } from "../../model/cluster-config-authn.ts";
import { clusterConfigOf, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "apiserver-anonymous-auth";

export const apiserverAnonymousAuth: Check = {
  id,
  title: "The apiserver serves anonymous requests at most on its health endpoints",
  pillar: "identity",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "AuthenticationConfiguration", "AuthorizationConfiguration"],
  frameworks: {
    cis: ["1.2.1"],
    "nsa-cisa": ["Authentication and authorization: Authentication"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.2.1", "8.3.1"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Set `--anonymous-auth=false`, or in the AuthenticationConfiguration `anonymous: {enabled: true, conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]}`.",
  description:
    "`--anonymous-auth` defaults to true: unless disabled, a request without credentials is served as system:anonymous and only RBAC stands between it and the API. The apiserver turns it off itself when AlwaysAllow (the default authorization mode) is in use.",
  evaluate: ({ inventory }) => {
    const config = clusterConfigOf(inventory);
    return judgeEach(id, config.apiservers, (apiserver) => {
      const anonymous = anonymousAuthOf(apiserver, config);
      switch (anonymous.state) {
        case "unknown":
          return skip(id, apiserver.source, `Anonymous access is not known: ${anonymous.why}`);
        case "off":
          return pass(id, apiserver.source, `Anonymous requests are off: ${anonymous.why}`);
        case "on": {
          const open = anonymous.paths.filter((path) => !HEALTH_PATHS.has(path));
          if (anonymous.paths.length > 0 && open.length === 0) {
            return pass(
              id,
              apiserver.source,
              `Anonymous requests only on ${anonymous.paths.join(", ")}`,
            );
          }
          const where = open.length === 0 ? "every path" : open.join(", ");
          return fail(
            id,
            apiserver.source,
            `Anonymous requests are served on ${where} (${anonymous.why})`,
            {
              paths: open.length === 0 ? ["*"] : open,
            },
          );
        }
      }
    });
  },
};
