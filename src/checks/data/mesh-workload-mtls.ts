import { objectAt, stringAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "mesh-workload-mtls";
const WEAK = new Set(["PERMISSIVE", "DISABLE"]);

export const meshWorkloadMtls: Check = {
  id,
  title: "Workload PeerAuthentications do not weaken mutual TLS, on any port",
  pillar: "data",
  severity: "high",
  scope: "object",
  reads: ["PeerAuthentication"],
  frameworks: {
    "nist-800-207": ["Tenet 2", "Tenet 6"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Set `mtls.mode` to STRICT (or UNSET to inherit) and remove PERMISSIVE/DISABLE entries from `portLevelMtls`; expose plaintext health ports through the sidecar instead.",
  description:
    "A workload-level PeerAuthentication overrides the namespace: one PERMISSIVE port lets any pod reach that port without an identity.",
  evaluate: ({ inventory }) =>
    inventory
      .ofKind("PeerAuthentication", "security.istio.io")
      // Workload policies only: portLevelMtls is ignored without a selector.
      .filter((entry) => objectAt(entry.object, "spec", "selector") !== undefined)
      .map((entry) => {
        const mode = stringAt(entry.object, "spec", "mtls", "mode") ?? "UNSET";
        const ports = Object.entries(objectAt(entry.object, "spec", "portLevelMtls") ?? {}).flatMap(
          ([port, value]) => {
            const portMode = stringAt(value, "mode") ?? "UNSET";
            return WEAK.has(portMode) ? [{ port, mode: portMode }] : [];
          },
        );
        const problems = [
          ...(WEAK.has(mode) ? [`mode ${mode}`] : []),
          ...ports.map((item) => `port ${item.port} ${item.mode}`),
        ];
        return problems.length === 0
          ? pass(id, entry.ref, `mTLS ${mode} with no weaker port`)
          : fail(id, entry.ref, `Plaintext accepted: ${problems.join(", ")}`, { mode, ports });
      }),
};
