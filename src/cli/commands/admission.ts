import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { toKubernetesYaml } from "../../model/kube-yaml.ts";
import { webhookConfigurations } from "../../generate/webhook-configurations.ts";
import { SourceError, UsageError } from "../../model/errors.ts";
import type { CliIo } from "../io.ts";
import { emit } from "../output.ts";

interface ManifestOptions {
  readonly url: string;
  readonly caBundle: string;
  readonly namespace: string;
  readonly failurePolicy: "Fail" | "Ignore";
  readonly timeout: string;
  readonly outputFile?: string;
}

export function admissionCommand(io: CliIo): Command {
  const command = new Command("admission").description("Install Tenet as an admission webhook");
  command
    .command("manifests")
    .description(
      "Print the ValidatingWebhookConfiguration and MutatingWebhookConfiguration for `tenet serve`",
    )
    .requiredOption("--url <https-url>", "base URL of tenet serve (https only)")
    .requiredOption("--ca-bundle <file>", "PEM of the CA that signed tenet serve's certificate")
    .option("--namespace <name>", "Tenet's own namespace, excluded from admission", "tenet-system")
    .addOption(
      new Option(
        "--failure-policy <policy>",
        "what the apiserver does when Tenet is unreachable (validation)",
      )
        .choices(["Fail", "Ignore"])
        .default("Fail"),
    )
    .option("--timeout <seconds>", "webhook timeout, 1-30 seconds", "5")
    .option("--output-file <path>", "write to a file instead of stdout")
    .action(async (options: ManifestOptions) => {
      if (!options.url.startsWith("https://"))
        throw new UsageError("--url must be https:// (the apiserver only calls webhooks over TLS)");
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 30) {
        throw new UsageError("--timeout must be a whole number of seconds from 1 to 30");
      }
      let caBundlePem: string;
      try {
        caBundlePem = await readFile(options.caBundle, "utf8");
      } catch (error) {
        throw new SourceError(`cannot read ${options.caBundle}`, { cause: error });
      }
      if (!caBundlePem.includes("-----BEGIN CERTIFICATE-----")) {
        throw new SourceError(`${options.caBundle}: expected a PEM certificate`);
      }
      const objects = webhookConfigurations({
        url: options.url,
        caBundlePem,
        namespace: options.namespace,
        failurePolicy: options.failurePolicy,
        timeoutSeconds,
      });
      await emit(
        io,
        objects.map((object) => toKubernetesYaml(object)).join("---\n"),
        options.outputFile,
      );
    });
  return command;
}
