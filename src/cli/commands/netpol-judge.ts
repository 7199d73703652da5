import type { NetpolEngine, Verdict } from "../../engines/netpol/engine.ts";
import { UsageError } from "../../model/errors.ts";
import { parsePort, resolveEndpoint, serviceRef, type EndpointSpec } from "./netpol-load.ts";

/** A connection question answered: one verdict, or one per backend for a Service. */
export interface Judgement {
  readonly allowed: boolean;
  readonly verdicts: readonly Verdict[];
  /** Backends of a Service whose named targetPort does not resolve, or why none exist. */
  readonly notes: readonly string[];
}

/**
 * Judges `from -> to` on a port. A Service is judged after DNAT, per backend pod, on the
 * targetPort; it counts as allowed only when every backend is.
 */
export function judge(
  engine: NetpolEngine,
  fromSpec: EndpointSpec,
  toSpec: EndpointSpec,
  portText: string,
): Judgement {
  const from = resolveEndpoint(engine, fromSpec);
  if (!("service" in toSpec)) {
    const to = resolveEndpoint(engine, toSpec);
    const { port, protocol } = parsePort(portText, to);
    const verdict = engine.canReach(from, to, port, protocol);
    return { allowed: verdict.allowed, verdicts: [verdict], notes: [] };
  }
  const { namespace, name } = serviceRef(toSpec.service);
  const { port, protocol } = parsePort(portText, undefined);
  const targets = engine.serviceTargets(namespace, name, port, protocol);
  if (!targets.ok) throw new UsageError(targets.error);
  if (targets.backends.length === 0) {
    return { allowed: false, verdicts: [], notes: [`Service ${namespace}/${name} selects no pod`] };
  }
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  for (const backend of targets.backends) {
    if (backend.targetPort === undefined) {
      notes.push(
        `backend ${backend.pod.namespace}/${backend.pod.name} has no port for the named targetPort`,
      );
      continue;
    }
    verdicts.push(engine.canReach(from, backend.pod, backend.targetPort, protocol));
  }
  return {
    allowed: notes.length === 0 && verdicts.every((verdict) => verdict.allowed),
    verdicts,
    notes,
  };
}
