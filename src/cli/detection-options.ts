import type { Command } from "commander";
import { UsageError } from "../model/errors.ts";
import { parseNetworks } from "../monitor/baseline.ts";

/** The alerting and baseline flags `tenet monitor` and `tenet serve` share. */
export interface DetectionOptions {
  readonly alertsFile: string;
  readonly alertWebhook?: string;
  readonly trustedNetwork: readonly string[];
  readonly baselineLearning: string;
}

export function addDetectionOptions(command: Command): Command {
  return command
    .option("--alerts-file <file>", "append ECS alert lines here (- for stdout)", "-")
    .option("--alert-webhook <url>", "also POST alerts (ECS JSON array) to this URL, with retries")
    .option(
      "--trusted-network <cidr>",
      "alert on requests from outside these networks (repeatable)",
      (value: string, previous: readonly string[]) => [...previous, value],
      [] as readonly string[],
    )
    .option(
      "--baseline-learning <seconds>",
      "learn each ServiceAccount's behaviour this long before alerting",
      "86400",
    );
}

/** Validates the shared flags; a bad value is a usage error naming the flag. */
export function baselineSettings(options: DetectionOptions): { learningSeconds: number } {
  const learningSeconds = Number(options.baselineLearning);
  if (!(learningSeconds >= 0)) {
    throw new UsageError(
      `--baseline-learning: not a number of seconds: ${options.baselineLearning}`,
    );
  }
  const networks = parseNetworks(options.trustedNetwork);
  if (!networks.ok) throw new UsageError(`--trusted-network: ${networks.reason}`);
  return { learningSeconds };
}
