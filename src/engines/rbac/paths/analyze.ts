import type { RbacAuthorizer } from "../authorizer.ts";
import type { UserInfo } from "../types.ts";
import { impersonatedUser, serviceAccountUsername } from "../user-info.ts";
import { subjectsOf } from "../who-can.ts";
import { ANY_NAMESPACE, capabilitiesOf, type Capability } from "./capabilities.ts";
import { mountsToken, serviceAccountOfPod, type ClusterFacts } from "./facts.ts";
import {
  impactRank,
  severityOfImpact,
  type FindingSubject,
  type PathFinding,
  type PathStep,
} from "./types.ts";

/** Impacts worth following through another identity (high and above). */
const CHAIN_RANK = 50;

interface Strong {
  readonly label: string;
  readonly capability: Capability;
  readonly rank: number;
}

type AccountSet = "all" | "pods" | "tokens";

/** Strongest first, one entry per impact: a hop needs one way to each impact, not all. */
function strongest(list: readonly Strong[]): Strong[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => b.rank - a.rank)
    .filter(
      ({ capability }) => !seen.has(capability.impact) && seen.add(capability.impact) !== undefined,
    );
}

/**
 * Escalation and lateral-movement findings. Each subject named by a scanned binding is judged
 * on its own grants (a group's grants are reported under the group); then one hop further: the
 * identities it can become (ServiceAccounts it can run as, mint or read tokens of, impersonate,
 * exec into) and what those can do with all their grants. Running workloads are judged by the
 * ServiceAccount they hold.
 */
export function analyzePaths(authorizer: RbacAuthorizer, facts: ClusterFacts): PathFinding[] {
  const memo = new Map<string, Capability[]>();
  const sharedByGroups = new Map<string, readonly Capability[]>();
  const capabilities = (user: UserInfo): Capability[] => {
    const key = `${user.name}\u0000${user.groups.join("\u0000")}`;
    let found = memo.get(key);
    if (found === undefined) {
      found = capabilitiesOf(authorizer, facts, user, sharedByGroups);
      memo.set(key, found);
    }
    return found;
  };
  const strongOf = (user: UserInfo, label: string): Strong[] =>
    strongest(
      capabilities(user)
        .map((capability) => ({ label, capability, rank: impactRank(capability.impact) }))
        .filter((strong) => strong.rank >= CHAIN_RANK),
    );
  const namespaceMemo = new Map<string, Strong[]>();
  const accountsOf = (ns: string, set: AccountSet): string[] => {
    if (set === "all") return [...facts.serviceAccountsOf(ns)];
    if (set === "tokens")
      return [...new Set(facts.tokenSecretsOf(ns).map((t) => t.serviceAccount))];
    const pods = facts.podsOf(ns).filter((pod) => mountsToken(pod, false));
    return [...new Set(pods.map(serviceAccountOfPod))];
  };
  const strongInNamespace = (namespace: string, set: AccountSet): Strong[] => {
    const key = `${set}\u0000${namespace}`;
    let found = namespaceMemo.get(key);
    if (found === undefined) {
      const namespaces = namespace === ANY_NAMESPACE ? facts.namespaces : [namespace];
      found = strongest(
        namespaces.flatMap((ns) =>
          accountsOf(ns, set).flatMap((account) =>
            strongOf(
              impersonatedUser(serviceAccountUsername(ns, account)),
              `ServiceAccount ${ns}/${account}`,
            ),
          ),
        ),
      );
      namespaceMemo.set(key, found);
    }
    return found;
  };

  const findings: PathFinding[] = [];
  const seen = new Set<string>();
  for (const binding of authorizer.bindings) {
    if (binding.bootstrap) continue;
    for (const subject of subjectsOf(binding)) {
      const key = `${subject.kind}\u0000${subject.namespace}\u0000${subject.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const own: UserInfo =
        subject.kind === "Group"
          ? { name: "", groups: [subject.name] }
          : {
              name:
                subject.kind === "User"
                  ? subject.name
                  : serviceAccountUsername(subject.namespace, subject.name),
              groups: [],
            };
      const label =
        subject.kind === "ServiceAccount"
          ? `ServiceAccount ${subject.namespace}/${subject.name}`
          : `${subject.kind} ${subject.name}`;
      const target: FindingSubject = {
        kind: subject.kind,
        ...(subject.namespace === "" ? {} : { namespace: subject.namespace }),
        name: subject.name,
      };
      findings.push(
        ...subjectFindings(target, label, capabilities(own), strongInNamespace, strongOf),
      );
    }
  }
  for (const pod of facts.pods) {
    if (!mountsToken(pod, false)) continue;
    const account = serviceAccountOfPod(pod);
    const label = `ServiceAccount ${pod.namespace}/${account}`;
    const strong = strongOf(
      impersonatedUser(serviceAccountUsername(pod.namespace, account)),
      label,
    );
    const best = strong.sort(
      (a, b) => impactRank(b.capability.impact) - impactRank(a.capability.impact),
    )[0];
    if (best === undefined) continue;
    const enter: PathStep = {
      technique: "compromised-workload",
      action: `compromise a container of ${pod.ownerRef.kind} ${pod.namespace}/${pod.ownerRef.name}: it holds the token of ${label}`,
      becomes: label,
      grants: [],
    };
    findings.push({
      type: "lateral-movement",
      subject: { kind: pod.ownerRef.kind, namespace: pod.namespace, name: pod.ownerRef.name },
      impact: best.capability.impact,
      severity: severityOfImpact(best.capability.impact),
      techniques: ["compromised-workload", best.capability.technique],
      path: [enter, ...stepsOf(best.capability)],
    });
  }
  return findings;
}

function subjectFindings(
  subject: FindingSubject,
  label: string,
  own: readonly Capability[],
  strongInNamespace: (namespace: string, set: AccountSet) => Strong[],
  strongOf: (user: UserInfo, label: string) => Strong[],
): PathFinding[] {
  const byImpact = new Map<string, PathFinding>();
  const put = (finding: PathFinding) => {
    const existing = byImpact.get(finding.impact);
    if (existing === undefined) byImpact.set(finding.impact, finding);
    else if (!existing.techniques.includes(finding.techniques[0] ?? "hygiene")) {
      byImpact.set(finding.impact, {
        ...existing,
        techniques: [...new Set([...existing.techniques, ...finding.techniques])],
      });
    }
  };
  for (const capability of own) {
    put({
      type: capability.type,
      subject,
      impact: capability.impact,
      severity: severityOfImpact(capability.impact),
      techniques: techniquesOf(capability),
      path: stepsOf(capability),
    });
  }
  const direct = new Set(byImpact.keys());
  for (const capability of own) {
    const reach = capability.reach;
    if (reach === undefined) continue;
    const next =
      reach.kind === "identity"
        ? strongOf(reach.user, reach.label)
        : strongInNamespace(
            reach.namespace,
            reach.kind === "service-accounts"
              ? "all"
              : reach.kind === "pod-service-accounts"
                ? "pods"
                : "tokens",
          );
    const floor = impactRank(capability.impact);
    for (const { label: becomes, capability: then, rank } of next) {
      if (rank <= floor) break;
      // Only escalations: a hop to an impact no stronger than the hop itself is lateral, and
      // following those would list every namespace reachable from every other.
      if (becomes === label || direct.has(then.impact) || byImpact.has(then.impact)) continue;
      const first = stepsOf(capability);
      const last = first[first.length - 1];
      const hop = last === undefined ? [] : [...first.slice(0, -1), { ...last, becomes }];
      put({
        type: "privilege-escalation",
        subject,
        impact: then.impact,
        severity: severityOfImpact(then.impact),
        techniques: [
          ...new Set([
            ...techniquesOf(capability),
            ...(reach.kind === "token-service-accounts"
              ? (["read-service-account-token-secret"] as const)
              : []),
            ...techniquesOf(then),
          ]),
        ],
        path: [...hop, ...stepsOf(then)],
      });
    }
  }
  return [...byImpact.values()];
}

function techniquesOf(capability: Capability): PathFinding["techniques"] {
  return capability.before === undefined
    ? [capability.technique]
    : [capability.before.technique, capability.technique];
}

function stepsOf(capability: Capability): PathStep[] {
  const step: PathStep = {
    technique: capability.technique,
    action: capability.action,
    ...(capability.reach?.kind === "identity" ? { becomes: capability.reach.label } : {}),
    grants: capability.grants,
  };
  return capability.before === undefined ? [step] : [...stepsOf(capability.before), step];
}
