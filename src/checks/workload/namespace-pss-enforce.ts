import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import type { Result } from "../../model/check-meta.ts";
import {
  ENFORCE_LABEL,
  ENFORCE_VERSION_LABEL,
  parsePssLevel,
  parsePssVersion,
  podSecurityAdmissionOf,
} from "../../model/pod-security.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "namespace-pss-enforce";

export const namespacePssEnforce: Check = {
  id,
  title: "Namespaces enforce the restricted Pod Security Standard",
  pillar: "workload",
  severity: "high",
  scope: "cluster",
  reads: ["Namespace", "AdmissionConfiguration", ...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.2.1"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
    "pci-dss": ["2.2.1"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Label the namespace `pod-security.kubernetes.io/enforce: restricted` (with a valid `enforce-version`, e.g. `latest`), and do not exempt it in the PodSecurity admission configuration.",
  description:
    "Admission is where least privilege is enforced: without the label, Pod Security Admission applies the cluster default, privileged unless configured otherwise.",
  tags: { standard: "pod-security-standards", level: "restricted" },
  evaluate: ({ inventory }) => {
    const admission = podSecurityAdmissionOf(inventory);
    const declared = inventory.ofKind("Namespace", "");
    const names = new Set(declared.map((entry) => entry.object.metadata.name));
    const results: Result[] = declared.map(({ object, ref }) => {
      const labels = object.metadata.labels ?? {};
      const label = labels[ENFORCE_LABEL];
      const version = labels[ENFORCE_VERSION_LABEL];
      const evidence = { [ENFORCE_LABEL]: label, [ENFORCE_VERSION_LABEL]: version };
      if (admission?.exemptNamespaces.has(object.metadata.name) === true) {
        return fail(id, ref, "Exempt from Pod Security admission: no level is enforced", evidence);
      }
      // Without the label the plugin's configured default applies; unconfigured, privileged.
      const enforce = label ?? admission?.defaults["enforce"];
      if (enforce === undefined) {
        const reason =
          admission === undefined
            ? "the PodSecurity admission configuration is not in the input"
            : "the configuration sets no default";
        return fail(
          id,
          ref,
          `No ${ENFORCE_LABEL} label, and ${reason}: privileged applies`,
          evidence,
        );
      }
      const origin = label === undefined ? "the cluster default" : "its label";
      const level = parsePssLevel(enforce);
      if (level === undefined) {
        // Admission fails closed to restricted, but warn and audit fall open: fix the typo.
        return fail(id, ref, `Invalid enforce level "${enforce}" in ${origin}`, evidence, "medium");
      }
      if (level !== "restricted") {
        const severity = level === "privileged" ? "high" : "medium";
        return fail(
          id,
          ref,
          `Enforces ${level} (${origin}), weaker than restricted`,
          evidence,
          severity,
        );
      }
      if (version !== undefined && parsePssVersion(version) === undefined) {
        return fail(
          id,
          ref,
          `Invalid ${ENFORCE_VERSION_LABEL} "${version}" (latest is used)`,
          evidence,
          "low",
        );
      }
      return pass(id, ref, `Enforces restricted (${origin})`, evidence);
    });
    // Pods in a namespace whose object is not in the input: its labels are unknown, not absent.
    for (const namespace of [...new Set(inventory.pods.map((pod) => pod.namespace))].sort()) {
      if (names.has(namespace)) continue;
      const ref = { apiVersion: "v1", kind: "Namespace", name: namespace };
      results.push(
        skip(
          id,
          ref,
          `Namespace ${namespace} is not in the input: its pod-security labels are unknown`,
        ),
      );
    }
    return results;
  },
};
