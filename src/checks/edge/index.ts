import type { Check } from "../check.ts";

export const edgeChecks: readonly Check[] = [];
