import type { FrameworkMapping } from "./check-meta.ts";

/**
 * What the two non-root controls map to: `runAsNonRoot: true` and no `runAsUser: 0` are two
 * halves of one requirement (CIS 5.2.7, the NSA/CISA non-root containers guidance).
 */
export const NON_ROOT_FRAMEWORKS: FrameworkMapping = {
  cis: ["5.2.7"],
  "nsa-cisa": ["Kubernetes Pod security: Non-root containers and rootless container engines"],
  "nist-800-207": ["Tenet 3", "Tenet 5"],
  "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
  hipaa: ["164.312(a)(1)"],
  gdpr: ["Art. 32(1)(b)"],
  "pci-dss": ["2.2.6"],
  soc2: ["CC6.1", "CC6.8"],
};
