import { authorizersOf } from "../../model/cluster-config-authn.ts";
import { clusterConfigOf, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "apiserver-authorization-mode";

export const apiserverAuthorizationMode: Check = {
  id,
  title: "The apiserver authorizes with Node and RBAC, never AlwaysAllow",
  pillar: "identity",
  severity: "critical",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "AuthorizationConfiguration"],
  frameworks: {
    cis: ["1.2.6", "1.2.7", "1.2.8"],
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 4", "Tenet 6"],
    "cisa-ztmm": ["Identity: Access Management"],
    hipaa: ["164.312(a)(1)"],
    "pci-dss": ["7.2.1", "7.3.1"],
    soc2: ["CC6.1", "CC6.3"],
  },
  remediation:
    "Set `--authorization-mode=Node,RBAC` (or the same authorizers in an AuthorizationConfiguration) and remove AlwaysAllow.",
  description:
    "`--authorization-mode` defaults to AlwaysAllow. Authorizers are asked in turn and RBAC never denies, so AlwaysAllow anywhere in the list allows every request; without Node, kubelets are not confined to their own node's objects.",
  evaluate: ({ inventory }) => {
    const config = clusterConfigOf(inventory);
    return judgeEach(id, config.apiservers, (apiserver) => {
      const authorizers = authorizersOf(apiserver, config);
      if (authorizers.from === "unknown") {
        return skip(id, apiserver.source, `Authorizers are set in a file: ${authorizers.why}`);
      }
      const { modes } = authorizers;
      const problems = [
        ...(modes.includes("AlwaysAllow") ? ["AlwaysAllow allows every request"] : []),
        ...(modes.includes("RBAC") ? [] : ["RBAC is not enabled"]),
        ...(modes.includes("Node") ? [] : ["Node is not enabled"]),
      ];
      if (problems.length === 0)
        return pass(id, apiserver.source, `Authorizers: ${modes.join(", ")}`);
      const isOpen = modes.includes("AlwaysAllow") || !modes.includes("RBAC");
      return fail(
        id,
        apiserver.source,
        `Authorizers ${modes.join(", ") || "(none)"}: ${problems.join("; ")}`,
        { modes, problems },
        isOpen ? "critical" : "medium",
      );
    });
  },
};
