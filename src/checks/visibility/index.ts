import type { Check } from "../check.ts";

export const visibilityChecks: readonly Check[] = [];
