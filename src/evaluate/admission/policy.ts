import { parse } from "yaml";
import { PILLARS, type Pillar } from "../../model/check-meta.ts";
import { isObject, objectAt, stringAt, stringsAt } from "../../model/fields.ts";

export const ADMISSION_ACTIONS = ["enforce", "warn", "audit", "off"] as const;
/**
 * `enforce` denies with the control's message and remediation; `warn` admits with a warning
 * kubectl shows; `audit` admits and records; `off` does not run the control.
 */
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number];

export const MUTATIONS = [
  "disable-token-automount",
  "seccomp-runtime-default",
  "drop-all-capabilities",
  "disallow-privilege-escalation",
  "run-as-non-root",
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** The admission policy file (docs/admission.md). */
export interface AdmissionPolicy {
  readonly defaultAction: AdmissionAction;
  readonly pillars: Readonly<Partial<Record<Pillar, AdmissionAction>>>;
  readonly controls: Readonly<Record<string, AdmissionAction>>;
  /** Pod Security Standards controls up to this level get `podSecurityAction`. */
  readonly podSecurityLevel: "baseline" | "restricted" | "none";
  readonly podSecurityAction: AdmissionAction;
  /** Namespaces never judged (also excluded in the webhook configuration). */
  readonly excludeNamespaces: readonly string[];
  readonly mutations: readonly Mutation[];
  /** Whether a mutation may change a value the workload set explicitly. */
  readonly overrideExplicit: boolean;
}

export const DEFAULT_POLICY: AdmissionPolicy = {
  defaultAction: "audit",
  pillars: {},
  controls: {},
  podSecurityLevel: "baseline",
  podSecurityAction: "enforce",
  excludeNamespaces: ["kube-system", "tenet-system"],
  mutations: [],
  overrideExplicit: false,
};

export type ParsedPolicy =
  | { readonly ok: true; readonly policy: AdmissionPolicy }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Parses and validates the policy file; every problem is named, none is guessed around. */
export function parseAdmissionPolicy(text: string): ParsedPolicy {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 50 });
  } catch (error) {
    return { ok: false, errors: [`invalid YAML: ${(error as Error).message}`] };
  }
  if (value === null || value === undefined) return { ok: true, policy: DEFAULT_POLICY };
  if (!isObject(value)) return { ok: false, errors: ["the policy must be a mapping"] };
  const errors: string[] = [];
  const action = (raw: unknown, where: string, fallback: AdmissionAction): AdmissionAction => {
    if (raw === undefined) return fallback;
    const found = ADMISSION_ACTIONS.find((candidate) => candidate === raw);
    if (found === undefined)
      errors.push(`${where}: expected one of ${ADMISSION_ACTIONS.join(", ")}`);
    return found ?? fallback;
  };
  const pillars: Partial<Record<Pillar, AdmissionAction>> = {};
  for (const [key, raw] of Object.entries(objectAt(value, "pillars") ?? {})) {
    const pillar = PILLARS.find((candidate) => candidate === key);
    if (pillar === undefined) errors.push(`pillars.${key}: not a pillar (${PILLARS.join(", ")})`);
    else pillars[pillar] = action(raw, `pillars.${key}`, "audit");
  }
  const controls: Record<string, AdmissionAction> = {};
  for (const [id, raw] of Object.entries(objectAt(value, "controls") ?? {})) {
    controls[id] = action(raw, `controls.${id}`, "audit");
  }
  const level = stringAt(value, "podSecurity", "level") ?? DEFAULT_POLICY.podSecurityLevel;
  if (level !== "baseline" && level !== "restricted" && level !== "none") {
    errors.push("podSecurity.level: expected baseline, restricted or none");
  }
  const mutations = stringsAt(value, "mutations", "enabled");
  for (const mutation of mutations) {
    if (!MUTATIONS.some((known) => known === mutation)) {
      errors.push(`mutations.enabled: unknown mutation ${mutation} (${MUTATIONS.join(", ")})`);
    }
  }
  const policy: AdmissionPolicy = {
    defaultAction: action(value["defaultAction"], "defaultAction", DEFAULT_POLICY.defaultAction),
    pillars,
    controls,
    podSecurityLevel: level === "restricted" || level === "none" ? level : "baseline",
    podSecurityAction: action(
      objectAt(value, "podSecurity")?.["action"],
      "podSecurity.action",
      DEFAULT_POLICY.podSecurityAction,
    ),
    excludeNamespaces:
      objectAt(value, "namespaces")?.["exclude"] === undefined
        ? DEFAULT_POLICY.excludeNamespaces
        : stringsAt(value, "namespaces", "exclude"),
    mutations: mutations.filter((mutation): mutation is Mutation =>
      MUTATIONS.some((known) => known === mutation),
    ),
    overrideExplicit: objectAt(value, "mutations")?.["overrideExplicit"] === true,
  };
  return errors.length === 0 ? { ok: true, policy } : { ok: false, errors };
}
