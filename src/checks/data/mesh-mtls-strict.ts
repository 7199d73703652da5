import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { fail, pass, skip } from "../../model/results.ts";
import { meshesPresent } from "../../engines/tls/mesh.ts";
import { istioNamespaces, namespaceMtls } from "../../engines/tls/mesh-policies.ts";
import type { Check } from "../check.ts";

const id = "mesh-mtls-strict";

export const meshMtlsStrict: Check = {
  id,
  title: "Istio namespaces enforce STRICT mutual TLS",
  pillar: "data",
  severity: "high",
  scope: "cluster",
  reads: ["PeerAuthentication", "Namespace", ...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Encryption"],
    "nist-800-207": ["Tenet 2", "Tenet 6"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)", "164.312(d)"],
    gdpr: ["Art. 32(1)(a)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Apply a PeerAuthentication with `mtls.mode: STRICT` and no selector in the root namespace (istio-system) for the mesh, or in the namespace.",
  description:
    "Istio defaults to PERMISSIVE: sidecars also accept plaintext, so any pod can call the workload without an identity. STRICT makes every call authenticated and encrypted.",
  evaluate: ({ inventory }) => {
    if (!meshesPresent(inventory).istio) {
      return [skip(id, { kind: "Cluster", name: "cluster" }, "Istio not in use")];
    }
    return istioNamespaces(inventory).map((namespace) => {
      const target = { apiVersion: "v1", kind: "Namespace", name: namespace };
      const { mode, source } = namespaceMtls(inventory, namespace);
      return mode === "STRICT"
        ? pass(id, target, `STRICT mTLS from ${source}`, { mode, source })
        : fail(id, target, `mTLS mode ${mode} from ${source}: plaintext is accepted`, {
            mode,
            source,
          });
    });
  },
};
