import type { Check } from "./check.ts";
import { dataChecks } from "./data/index.ts";
import { edgeChecks } from "./edge/index.ts";
import { identityChecks } from "./identity/index.ts";
import { networkChecks } from "./network/index.ts";
import { visibilityChecks } from "./visibility/index.ts";
import { workloadChecks } from "./workload/index.ts";

/** Every control Tenet ships, in a fixed order. Each pillar lists its own in its index. */
export const checks: readonly Check[] = [
  ...identityChecks,
  ...networkChecks,
  ...edgeChecks,
  ...dataChecks,
  ...workloadChecks,
  ...visibilityChecks,
];
