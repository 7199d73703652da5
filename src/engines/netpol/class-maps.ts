import type { ClassIndex, PodClass } from "./classes.ts";
import {
  ALL_CONNS,
  intersectConns,
  isEmptyConns,
  NO_CONNS,
  unionConns,
  type ConnSet,
} from "./conn-set.ts";
import { hasNamedPorts, peerMatches, rulePorts, type MatchContext } from "./direct.ts";
import type { CompiledNetworkPolicy, Direction, PodEndpoint } from "./model.ts";

/**
 * Per class, what its egress policies allow towards every class and what its ingress policies
 * allow from every class. Classes isolated by the same policies share one map.
 */
export function classMaps(
  index: ClassIndex,
  policies: readonly CompiledNetworkPolicy[],
  context: MatchContext,
  generic?: (direction: Direction, subject: PodEndpoint, other: PodEndpoint) => ConnSet,
): { classConns(from: number, to: number): ConnSet; row(from: number): ConnSet[] } {
  const { classes } = index;
  const peerCache = new Map<string, readonly number[]>();
  const allClasses = classes.map((podClass) => podClass.id);

  const peerClasses = (
    policy: CompiledNetworkPolicy,
    peerIndex: number,
    ruleKey: string,
  ): readonly number[] => {
    const key = `${policy.id}/${ruleKey}/${peerIndex}`;
    let found = peerCache.get(key);
    if (found === undefined) {
      const rule = ruleKey.startsWith("i")
        ? policy.ingress?.[Number(ruleKey.slice(1))]
        : policy.egress?.[Number(ruleKey.slice(1))];
      const peer = rule?.peers?.[peerIndex];
      found =
        peer === undefined
          ? []
          : candidates(index, peer, policy.namespace)
              .filter((podClass) =>
                peerMatches(context, peer, policy.namespace, podClass.representative),
              )
              .map((podClass) => podClass.id);
      peerCache.set(key, found);
    }
    return found;
  };

  const build = (direction: Direction, subject: PodClass): ConnSet[] => {
    if (generic !== undefined) {
      return classes.map((other) =>
        generic(direction, subject.representative, other.representative),
      );
    }
    const out = new Array<ConnSet>(classes.length).fill(NO_CONNS);
    for (const id of subject[direction]) {
      const policy = policies[id];
      if (policy === undefined) continue;
      for (const rule of policy[direction] ?? []) {
        const named = hasNamedPorts(rule);
        const fixed = named ? NO_CONNS : rulePorts(rule, subject.representative);
        const others =
          rule.peers === undefined
            ? allClasses
            : [
                ...new Set(
                  rule.peers.flatMap((_, at) =>
                    peerClasses(policy, at, `${direction[0]}${rule.index}`),
                  ),
                ),
              ];
        for (const other of others) {
          const destination =
            direction === "egress" ? classes[other]?.representative : subject.representative;
          const conns = named && destination !== undefined ? rulePorts(rule, destination) : fixed;
          out[other] = unionConns(out[other] ?? NO_CONNS, conns);
        }
      }
    }
    return out;
  };

  const cache = new Map<string, ConnSet[]>();
  const perClass = {
    ingress: new Array<ConnSet[] | undefined>(classes.length),
    egress: new Array<ConnSet[] | undefined>(classes.length),
  };
  const mapOf = (direction: Direction, subject: PodClass): ConnSet[] => {
    const memo = perClass[direction][subject.id];
    if (memo !== undefined) return memo;
    const ids = subject[direction];
    // Ingress named ports resolve on the subject itself, so its ports join the key then.
    const key =
      generic === undefined
        ? `${direction}:${ids.join(",")}:${direction === "ingress" ? portsKey(subject) : ""}`
        : `${direction}#${subject.id}`;
    let found = cache.get(key);
    if (found === undefined) {
      found = build(direction, subject);
      cache.set(key, found);
    }
    perClass[direction][subject.id] = found;
    return found;
  };

  const ingressMaps: (ConnSet[] | undefined)[] = [];
  return {
    row: (from) => {
      const source = classes[from];
      const out = new Array<ConnSet>(classes.length).fill(NO_CONNS);
      if (source === undefined) return out;
      const egress =
        source.egress.length === 0 && generic === undefined ? undefined : mapOf("egress", source);
      for (const target of classes) {
        const allowedOut = egress === undefined ? ALL_CONNS : (egress[target.id] ?? NO_CONNS);
        if (allowedOut === NO_CONNS || isEmptyConns(allowedOut)) continue;
        if (target.ingress.length === 0 && generic === undefined) {
          out[target.id] = allowedOut;
          continue;
        }
        let ingress = ingressMaps[target.id];
        if (ingress === undefined) {
          ingress = mapOf("ingress", target);
          ingressMaps[target.id] = ingress;
        }
        out[target.id] = intersectConns(allowedOut, ingress[from] ?? NO_CONNS);
      }
      return out;
    },
    classConns: (from, to) => {
      const source = classes[from];
      const target = classes[to];
      if (source === undefined || target === undefined) return NO_CONNS;
      const egress =
        source.egress.length === 0 && generic === undefined
          ? ALL_CONNS
          : (mapOf("egress", source)[to] ?? NO_CONNS);
      if (isEmptyConns(egress)) return NO_CONNS;
      const ingress =
        target.ingress.length === 0 && generic === undefined
          ? ALL_CONNS
          : (mapOf("ingress", target)[from] ?? NO_CONNS);
      return intersectConns(egress, ingress);
    },
  };
}

function portsKey(podClass: PodClass): string {
  return podClass.representative.namedPorts
    .map((port) => `${port.name}/${port.protocol}/${port.port}`)
    .join(",");
}

/** Classes a peer can match: its namespaces only, when it names none or selects by label. */
function candidates(
  index: ClassIndex,
  peer: Parameters<typeof peerMatches>[1],
  policyNamespace: string,
): readonly PodClass[] {
  if (peer.kind === "pods" && peer.namespaces === undefined) {
    return index.byNamespace.get(policyNamespace) ?? [];
  }
  return index.classes;
}
