import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { booleanAt } from "../../model/fields.ts";
import { bindingsOf } from "../../model/cluster-config-rbac.ts";
import { fail, pass, skip } from "../../model/results.ts";
import { isStaticPod } from "../../model/cluster-config.ts";
import type { Check } from "../check.ts";
import { serviceAccountNameOfSpec } from "../../model/service-account-name.ts";

const id = "service-account-token-automount";

export const serviceAccountTokenAutomount: Check = {
  id,
  title: "ServiceAccount tokens are mounted only into pods that use the API",
  pillar: "identity",
  severity: "medium",
  scope: "cluster",
  reads: ["ServiceAccount", "RoleBinding", "ClusterRoleBinding", ...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.1.6"],
    "nsa-cisa": ["Kubernetes Pod security: Protecting Pod service account tokens"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Access Management"],
    hipaa: ["164.312(a)(1)"],
    "pci-dss": ["7.2.5", "8.6.3"],
    soc2: ["CC6.1", "CC6.3"],
  },
  remediation:
    "Set `automountServiceAccountToken: false` on the pod template or its ServiceAccount; mount a projected token only where the API is used.",
  description:
    "Whether a pod needs the API is not visible in manifests. The rule: a token mounted for a ServiceAccount that no RoleBinding or ClusterRoleBinding names directly is a credential with no stated purpose, so it fails; a disabled token passes; a bound ServiceAccount is taken to need it.",
  evaluate: ({ inventory }) => {
    const bound = new Set(
      bindingsOf(inventory).flatMap((binding) =>
        binding.subjects
          .filter((subject) => subject.kind === "ServiceAccount" && subject.namespace !== undefined)
          .map((subject) => `${subject.namespace}/${subject.name}`),
      ),
    );
    return inventory.pods
      .filter((pod) => !isStaticPod(pod))
      .map((pod) => {
        const name = serviceAccountNameOfSpec(pod.spec);
        const key = `${pod.namespace}/${name}`;
        // The pod's setting, when given, wins over the ServiceAccount's (both default to true).
        const onPod = booleanAt(pod.spec, "automountServiceAccountToken");
        if (onPod === false)
          return pass(id, pod.ownerRef, "Token automount is disabled on the pod");
        if (bound.has(key)) {
          return pass(id, pod.ownerRef, `Token mounted; ServiceAccount ${key} has RBAC bindings`);
        }
        const account = inventory.get("ServiceAccount", pod.namespace, name, "");
        const onAccount = account && booleanAt(account.object, "automountServiceAccountToken");
        if (onPod === undefined && onAccount === false) {
          return pass(id, pod.ownerRef, `Token automount is disabled on ServiceAccount ${key}`);
        }
        // `default` exists in every namespace with automount on; another account must be seen.
        if (onPod === undefined && account === undefined && name !== "default") {
          return skip(
            id,
            pod.ownerRef,
            `ServiceAccount ${key} is not in the input: its automount setting is unknown`,
          );
        }
        return fail(
          id,
          pod.ownerRef,
          `Mounts a token for ServiceAccount ${key}, which no binding grants API access`,
          {
            serviceAccount: key,
            automountOn: onPod === true ? "pod" : "ServiceAccount (default: true)",
          },
        );
      });
  },
};
