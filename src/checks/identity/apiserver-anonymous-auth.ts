import { flagBoolean, flagList, flagValue } from "../../model/cluster-config-flags.ts";
import {
  anonymousConfigOf,
  clusterConfigOf,
  configFileFor,
  judgeEach,
} from "../../model/cluster-config.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "apiserver-anonymous-auth";
const HEALTH_PATHS: ReadonlySet<string> = new Set(["/healthz", "/livez", "/readyz"]);

export const apiserverAnonymousAuth: Check = {
  id,
  title: "The apiserver serves anonymous requests at most on its health endpoints",
  pillar: "identity",
  severity: "high",
  scope: "cluster",
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
      const file = configFileFor(
        apiserver,
        "authentication-config",
        config.authenticationConfigs,
        (item) => item.file,
      );
      // The file's `anonymous` section and the flag are exclusive: the apiserver refuses both.
      const section =
        file !== undefined && "item" in file ? anonymousConfigOf(file.item) : undefined;
      if (section !== undefined) {
        const open = section.paths.filter((path) => !HEALTH_PATHS.has(path));
        if (!section.enabled)
          return pass(
            id,
            apiserver.source,
            "Anonymous requests are disabled by the AuthenticationConfiguration",
          );
        if (section.paths.length > 0 && open.length === 0) {
          return pass(
            id,
            apiserver.source,
            `Anonymous requests only on ${section.paths.join(", ")}`,
          );
        }
        return fail(
          id,
          apiserver.source,
          `Anonymous requests are enabled on ${open.join(", ") || "every path"}`,
          { paths: open },
        );
      }
      if (
        file !== undefined &&
        "missing" in file &&
        flagValue(apiserver, "anonymous-auth") === undefined
      ) {
        return skip(
          id,
          apiserver.source,
          `Anonymous access may be set in the authentication config: ${file.missing}`,
        );
      }
      const enabled = flagBoolean(apiserver, "anonymous-auth", true);
      // The apiserver resets anonymous auth to false when AlwaysAllow (the default mode) is used.
      const modes =
        flagValue(apiserver, "authorization-config") === undefined
          ? (flagList(apiserver, "authorization-mode") ?? ["AlwaysAllow"])
          : [];
      if (enabled === true && modes.includes("AlwaysAllow")) {
        return pass(
          id,
          apiserver.source,
          "Anonymous auth is reset to false because AlwaysAllow authorization is in use (see apiserver-authorization-mode)",
        );
      }
      if (enabled === undefined)
        return fail(id, apiserver.source, "--anonymous-auth has a value that is not a boolean");
      return enabled
        ? fail(
            id,
            apiserver.source,
            `Anonymous requests are enabled on every path (${flagValue(apiserver, "anonymous-auth") === undefined ? "--anonymous-auth defaults to true" : "--anonymous-auth=true"})`,
          )
        : pass(id, apiserver.source, "--anonymous-auth=false");
    });
  },
};
