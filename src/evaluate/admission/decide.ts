import type { Check } from "../../checks/check.ts";
import { createEngines } from "../../engines/index.ts";
import type { Severity } from "../../model/check-meta.ts";
import { buildInventory } from "../../model/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import type { ExceptionEntry } from "../exceptions.ts";
import { runChecks } from "../run-checks.ts";
import { suppressionOf } from "../suppression.ts";
import type { AdmissionAction, AdmissionPolicy } from "./policy.ts";

/** One failing control on the object under review, and what the policy does about it. */
export interface ControlVerdict {
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly action: Exclude<AdmissionAction, "off">;
  readonly message: string;
  readonly remediation: string;
}

export interface AdmissionDecision {
  readonly allowed: boolean;
  readonly denied: readonly ControlVerdict[];
  readonly warned: readonly ControlVerdict[];
  readonly audited: readonly ControlVerdict[];
  /** Failing controls let through by a live exception or the ignore annotation. */
  readonly exempted: readonly { readonly checkId: string; readonly reason: string }[];
  /** Controls that could not be evaluated: reported, never silently passed. */
  readonly errors: readonly string[];
}

export interface AdmissionInput {
  readonly object: KubeObject;
  readonly checks: readonly Check[];
  readonly policy: AdmissionPolicy;
  readonly exceptions: readonly ExceptionEntry[];
  readonly now: Date;
}

/** The action for a control: its own setting, then Pod Security level, pillar, default. */
export function actionFor(check: Check, policy: AdmissionPolicy): AdmissionAction {
  const own = policy.controls[check.id];
  if (own !== undefined) return own;
  const level = check.tags?.["level"];
  if (
    check.tags?.["standard"] === "pod-security-standards" &&
    policy.podSecurityLevel !== "none" &&
    (level === "baseline" || (level === "restricted" && policy.podSecurityLevel === "restricted"))
  ) {
    return policy.podSecurityAction;
  }
  return policy.pillars[check.pillar] ?? policy.defaultAction;
}

// The controls a policy turns on, worked out once per (catalog, policy) pair rather than per
// request: both are fixed for the life of a server. Weak keys, so a replaced policy is freed.
const activeCache = new WeakMap<readonly Check[], WeakMap<AdmissionPolicy, readonly Check[]>>();

function activeChecks(checks: readonly Check[], policy: AdmissionPolicy): readonly Check[] {
  let byPolicy = activeCache.get(checks);
  if (byPolicy === undefined) {
    byPolicy = new WeakMap();
    activeCache.set(checks, byPolicy);
  }
  let active = byPolicy.get(policy);
  if (active === undefined) {
    active = checks.filter(
      (check) => check.scope === "object" && actionFor(check, policy) !== "off",
    );
    byPolicy.set(policy, active);
  }
  return active;
}

/**
 * Runs every object-scope control the policy turns on against the one object under review,
 * exactly as `tenet scan` would on a file holding it, and sorts the failures by action.
 */
export function decideAdmission(input: AdmissionInput): AdmissionDecision {
  const { policy } = input;
  const active = activeChecks(input.checks, policy);
  const { inventory } = buildInventory([{ object: input.object, location: { file: "admission" } }]);
  const context = { inventory, engines: createEngines(inventory), now: input.now };
  const byId = new Map(active.map((check) => [check.id, check]));
  const verdicts: ControlVerdict[] = [];
  const exempted: { checkId: string; reason: string }[] = [];
  const errors: string[] = [];
  for (const result of runChecks(active, context)) {
    const check = byId.get(result.checkId);
    if (check === undefined) continue;
    if (result.status === "error") errors.push(`${check.id}: ${result.message}`);
    if (result.status !== "fail") continue;
    const suppression = suppressionOf(result, inventory, input.exceptions, input.now);
    if (suppression !== undefined) {
      const reason =
        suppression.by === "exception"
          ? `exception owned by ${suppression.owner ?? "?"} until ${suppression.expires ?? "?"}`
          : (suppression.reason ?? "annotation");
      exempted.push({ checkId: check.id, reason });
      continue;
    }
    const action = actionFor(check, policy);
    if (action === "off") continue;
    verdicts.push({
      checkId: check.id,
      title: check.title,
      severity: result.severity ?? check.severity,
      action,
      message: result.message,
      remediation: check.remediation,
    });
  }
  const denied = verdicts.filter((verdict) => verdict.action === "enforce");
  return {
    allowed: denied.length === 0,
    denied,
    warned: verdicts.filter((verdict) => verdict.action === "warn"),
    audited: verdicts.filter((verdict) => verdict.action === "audit"),
    exempted,
    errors,
  };
}

/** The denial message kubectl prints: each failed control with its remediation. */
export function denialMessage(decision: AdmissionDecision): string {
  const lines = decision.denied.map(
    (verdict) => `[${verdict.checkId}] ${verdict.message}. Fix: ${verdict.remediation}`,
  );
  return `Tenet denied the request: ${decision.denied.length} control(s) failed:\n${lines.join("\n")}`;
}
