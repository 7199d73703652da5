import type { Check } from "../check.ts";

export const dataChecks: readonly Check[] = [];
