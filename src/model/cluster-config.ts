// The control plane's configuration as far as the input shows it: kube-apiserver flags (from a
// static-pod manifest or a flags file), and the configuration files the apiserver reads when
// they were passed like manifests. What the input does not show is "not observed": a control
// whose input is not observed skips with the reason, it never passes.
import { parseAuditPolicy, type AuditPolicy } from "./cluster-config-audit.ts";
import { flagValue, parseFlags, splitWords, type ParsedFlags } from "./cluster-config-flags.ts";
import { containersOf } from "./containers.ts";
import { objectAt, objectsAt, stringAt, stringsAt } from "./fields.ts";
import type { Inventory, InventoryEntry } from "./inventory.ts";
import type { Result } from "./check-meta.ts";
import type { ObjectRef } from "./kube-object.ts";
import type { PodTemplateView } from "./pod-template.ts";
import { fail, skip } from "./results.ts";

/** The group and version of the object `tenet scan --apiserver-flags` makes from a flags file. */
export const APISERVER_FLAGS_API_VERSION = "tenet.dev/v1alpha1";
export const APISERVER_FLAGS_KIND = "KubeApiserverFlags";

/** One kube-apiserver's command line. */
export interface ApiserverConfig extends ParsedFlags {
  /** The static Pod or the KubeApiserverFlags object the flags came from: results' target. */
  readonly source: ObjectRef;
  /** Where the flags sit: `container kube-apiserver` or `flags file`. */
  readonly origin: string;
  /** True when the snapshot has no other apiserver: a lone config file can only be its own. */
  readonly isSoleApiserver: boolean;
}

/** A configuration file of the apiserver, loaded as an object. */
export interface ConfigObject {
  readonly source: ObjectRef;
  /** The file it was loaded from, to match it with the flag that names it. */
  readonly file: string;
  readonly object: InventoryEntry["object"];
}

/**
 * Present with at least one item, or not observed with the reason and the target a `skip`
 * result should name.
 */
export type Observation<T> =
  | { readonly observed: true; readonly items: readonly [T, ...T[]] }
  | { readonly observed: false; readonly reason: string; readonly target: ObjectRef };

export interface ClusterConfig {
  readonly apiservers: Observation<ApiserverConfig>;
  readonly auditPolicies: Observation<AuditPolicy>;
  readonly encryptionConfigs: Observation<ConfigObject>;
  readonly authenticationConfigs: Observation<ConfigObject>;
  readonly authorizationConfigs: Observation<ConfigObject>;
}

/** Target of a skip when no apiserver was observed. */
export const APISERVER_TARGET: ObjectRef = { kind: "KubeApiserver", name: "kube-apiserver" };

const HOW_TO_PASS = "pass its static-pod manifest with -f or its flags with --apiserver-flags";

const cache = new WeakMap<Inventory, ClusterConfig>();

/**
 * The control plane's configuration in a snapshot; computed once per inventory, each part on
 * first use, so that a control reads only the kinds it asks for (its `reads`).
 */
export function clusterConfigOf(inventory: Inventory): ClusterConfig {
  const cached = cache.get(inventory);
  if (cached !== undefined) return cached;
  const apiservers = once(() =>
    observe(apiserversOf(inventory), {
      reason: `kube-apiserver flags not observed: ${HOW_TO_PASS}`,
      target: APISERVER_TARGET,
    }),
  );
  const auditPolicies = once(() =>
    observe(
      inventory
        .ofKind("Policy", "audit.k8s.io")
        .map((entry) => parseAuditPolicy(entry.object, entry.ref)),
      {
        reason: "no audit policy (audit.k8s.io Policy) in the input: pass the file with -f",
        target: { apiVersion: "audit.k8s.io/v1", kind: "Policy", name: "audit-policy" },
      },
    ),
  );
  const group = "apiserver.config.k8s.io";
  const encryption = once(() => configObjects(inventory, "EncryptionConfiguration", group));
  const authentication = once(() => configObjects(inventory, "AuthenticationConfiguration", group));
  const authorization = once(() => configObjects(inventory, "AuthorizationConfiguration", group));
  const config: ClusterConfig = {
    get apiservers() {
      return apiservers();
    },
    get auditPolicies() {
      return auditPolicies();
    },
    get encryptionConfigs() {
      return encryption();
    },
    get authenticationConfigs() {
      return authentication();
    },
    get authorizationConfigs() {
      return authorization();
    },
  };
  cache.set(inventory, config);
  return config;
}

function once<T>(compute: () => T): () => T {
  let done: { readonly value: T } | undefined;
  return () => {
    done ??= { value: compute() };
    return done.value;
  };
}

/** One result per observed item, or one `skip` naming what was not observed. */
export function judgeEach<T>(
  checkId: string,
  observation: Observation<T>,
  judge: (item: T) => Result,
): readonly Result[] {
  return observation.observed
    ? observation.items.map(judge)
    : [skip(checkId, observation.target, observation.reason)];
}

/**
 * One result per audit policy in effect (`--audit-policy-file` of each observed apiserver), each
 * once with the apiservers that use it; every loaded policy when no apiserver was observed. An
 * apiserver whose policy file is not in the input gets a `skip` of its own; one without the flag
 * audits nothing, which `audit-policy-configured` reports. A policy the apiserver would reject
 * fails as such before `judge` sees it: what it would log is moot, the apiserver does not start.
 */
export function judgeAuditPolicies(
  checkId: string,
  inventory: Inventory,
  judge: (policy: AuditPolicy) => Result,
): readonly Result[] {
  const judgeValid = (policy: AuditPolicy): Result =>
    policy.problems.length > 0
      ? fail(
          checkId,
          policy.source,
          `The apiserver rejects this policy: ${policy.problems.join("; ")}`,
        )
      : judge(policy);
  const config = clusterConfigOf(inventory);
  if (!config.apiservers.observed) return judgeEach(checkId, config.auditPolicies, judgeValid);
  const users = new Map<AuditPolicy, string[]>();
  const unpaired: Result[] = [];
  for (const apiserver of config.apiservers.items) {
    const found = configFileFor(
      apiserver,
      "audit-policy-file",
      config.auditPolicies,
      (policy) => policy.source.file,
    );
    if (found === undefined) continue;
    if ("missing" in found) unpaired.push(skip(checkId, apiserver.source, found.missing));
    else users.set(found.item, [...(users.get(found.item) ?? []), apiserver.source.name]);
  }
  const judged = [...users].map(([policy, apiservers]): Result => {
    const result = judgeValid(policy);
    return { ...result, evidence: { ...result.evidence, apiservers } };
  });
  if (judged.length === 0 && unpaired.length === 0) {
    return [
      skip(
        checkId,
        config.auditPolicies.observed ? config.auditPolicies.items[0].source : APISERVER_TARGET,
        "no observed kube-apiserver sets --audit-policy-file",
      ),
    ];
  }
  return [...judged, ...unpaired];
}

function observe<T>(
  items: readonly T[],
  missing: { readonly reason: string; readonly target: ObjectRef },
): Observation<T> {
  const [first, ...rest] = items;
  return first === undefined
    ? { observed: false, ...missing }
    : { observed: true, items: [first, ...rest] };
}

function configObjects(
  inventory: Inventory,
  kind: string,
  group: string,
): Observation<ConfigObject> {
  return observe(
    inventory.ofKind(kind, group).map((entry) => ({
      source: entry.ref,
      file: entry.location.file,
      object: entry.object,
    })),
    {
      reason: `no ${kind} (${group}) in the input: pass the file with -f`,
      target: { apiVersion: `${group}/v1`, kind, name: kind },
    },
  );
}

/**
 * Every kube-apiserver of the snapshot: each container of a kube-system Pod that runs it (an
 * HA control plane has several), and each KubeApiserverFlags object.
 */
export function apiserversOf(inventory: Inventory): readonly ApiserverConfig[] {
  const all = commandLinesOf(inventory);
  return all.map((item) => ({ ...item, isSoleApiserver: all.length === 1 }));
}

function commandLinesOf(inventory: Inventory): readonly Omit<ApiserverConfig, "isSoleApiserver">[] {
  const fromPods = inventory
    .inNamespace("kube-system")
    .filter((entry) => entry.object.kind === "Pod")
    .flatMap((entry) =>
      containersOf(objectAt(entry.object, "spec") ?? {}).flatMap((container) => {
        const args = apiserverArgs(container.spec);
        return args === undefined
          ? []
          : [
              {
                ...parseFlags(args.map((text) => ({ text }))),
                source: entry.ref,
                origin: `container ${container.name}`,
              },
            ];
      }),
    );
  const fromFiles = inventory.ofKind(APISERVER_FLAGS_KIND).map((entry) => ({
    ...parseFlags(stringsAt(entry.object, "args").map((text) => ({ text }))),
    source: entry.ref,
    origin: "flags file",
  }));
  return [...fromPods, ...fromFiles];
}

function isApiserverBinary(word: string | undefined): boolean {
  return word !== undefined && /(^|\/)kube-apiserver$/.test(word);
}

const SHELLS = /(^|\/)(sh|bash|ash|dash)$/;

/** The flags of a container that runs kube-apiserver, or undefined when it runs something else. */
export function apiserverArgs(
  container: Readonly<Record<string, unknown>>,
): readonly string[] | undefined {
  const command = stringsAt(container, "command");
  const args = stringsAt(container, "args");
  const all = [...command, ...args];
  if (isApiserverBinary(all[0])) return all.slice(1);
  // hyperkube (Kubernetes <= 1.17) runs the apiserver as a subcommand.
  if (
    /(^|\/)hyperkube$/.test(all[0] ?? "") &&
    ["kube-apiserver", "apiserver"].includes(all[1] ?? "")
  ) {
    return all.slice(2);
  }
  // `sh -c "exec kube-apiserver --flag ..."`: the flags are words of the script.
  const script = SHELLS.test(all[0] ?? "") ? all[all.indexOf("-c") + 1] : undefined;
  if (script !== undefined && all.includes("-c")) {
    const words = splitWords(script).words.map((word) => word.text);
    const start = words.findIndex(isApiserverBinary);
    if (start < 0) return undefined;
    const end = words.findIndex((word, index) => index > start && /^(&&|\|\||;|\||&)$/.test(word));
    return words.slice(start + 1, end < 0 ? undefined : end);
  }
  // No command: the image's entrypoint runs; trust it only when it is the apiserver image.
  const image = stringAt(container, "image") ?? "";
  if (command.length === 0 && /(^|\/)kube-apiserver(-[a-z0-9]+)?[:@]/.test(image)) return args;
  return undefined;
}

/**
 * True for a static pod (run by a kubelet from a file, shown in the API as a mirror pod): it
 * cannot use a ServiceAccount, so identity controls on pods do not judge it. Known by the
 * kubelet's annotations, or, for a manifest read from a file, by being a kube-system Pod of the
 * control plane (`tier: control-plane`, the kubeadm label, or a kube-apiserver container).
 */
export function isStaticPod(pod: PodTemplateView): boolean {
  if (pod.owner.kind !== "Pod") return false;
  const { annotations } = pod.owner.metadata;
  if (annotations?.["kubernetes.io/config.mirror"] !== undefined) return true;
  if (annotations?.["kubernetes.io/config.source"] !== undefined) return true;
  return (
    pod.namespace === "kube-system" &&
    (pod.labels["tier"] === "control-plane" ||
      containersOf(pod.spec).some((container) => apiserverArgs(container.spec) !== undefined))
  );
}

/**
 * The configuration object an apiserver flag names (`--audit-policy-file`, ...). Among the
 * loaded files with the flag's base name, the one nearest the apiserver's own manifest or flags
 * file (most leading directories shared), so that each control-plane node's files, collected
 * side by side (`cp-1/`, `cp-2/`), pair with that node's apiserver; a tie goes to the file that
 * ends with more of the flag's path. With no file of that name, the only one loaded when the
 * snapshot has a single apiserver. `undefined` when the flag is unset, a reason when none or
 * several files fit.
 */
export function configFileFor<T extends { readonly source: ObjectRef }>(
  apiserver: ApiserverConfig,
  flag: string,
  candidates: Observation<T>,
  fileOf: (item: T) => string | undefined,
): { readonly item: T } | { readonly missing: string } | undefined {
  const path = flagValue(apiserver, flag);
  if (path === undefined || path === "") return undefined;
  const items = candidates.observed ? candidates.items : [];
  const wanted = pathParts(path);
  const home = pathParts(apiserver.source.file ?? "").slice(0, -1);
  const scored = items.flatMap((item) => {
    const parts = pathParts(fileOf(item) ?? "");
    const suffix = sharedSuffix(parts, wanted);
    return suffix === 0 ? [] : [{ item, near: sharedPrefix(parts.slice(0, -1), home), suffix }];
  });
  const best = scored.filter(
    (one) =>
      !scored.some(
        (other) => other.near > one.near || (other.near === one.near && other.suffix > one.suffix),
      ),
  );
  const [only] = best;
  if (only !== undefined && best.length === 1) return { item: only.item };
  if (scored.length === 0 && items.length === 1 && apiserver.isSoleApiserver && items[0]) {
    return { item: items[0] };
  }
  return {
    missing:
      items.length === 0
        ? `--${flag}=${path} is not in the input: pass the file with -f`
        : scored.length === 0
          ? `--${flag}=${path} matches none of the loaded files by name`
          : `--${flag}=${path} matches several loaded files equally: ${best
              .map((one) => fileOf(one.item) ?? one.item.source.name)
              .join(", ")}`,
  };
}

function pathParts(path: string): readonly string[] {
  return path.split(/[\\/]/).filter((part) => part !== "" && part !== ".");
}

function sharedSuffix(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (
    count < a.length &&
    count < b.length &&
    a[a.length - 1 - count] === b[b.length - 1 - count]
  )
    count += 1;
  return count;
}

function sharedPrefix(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (count < a.length && count < b.length && a[count] === b[count]) count += 1;
  return count;
}

/** Each `resources` entry of an EncryptionConfiguration with its provider types in order. */
export function encryptionRulesOf(
  config: ConfigObject,
): readonly { readonly resources: readonly string[]; readonly providers: readonly string[] }[] {
  return objectsAt(config.object, "resources").map((entry) => ({
    resources: stringsAt(entry, "resources"),
    providers: objectsAt(entry, "providers").flatMap((provider) => Object.keys(provider)),
  }));
}
