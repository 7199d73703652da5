import type { Check } from "../check.ts";
import { privilegedContainers } from "./privileged-containers.ts";

export const workloadChecks: readonly Check[] = [privilegedContainers];
