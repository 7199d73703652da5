import { Command, Option } from "commander";
import type { NetpolEngine } from "../../engines/netpol/engine.ts";
import { endpointName, type PodEndpoint } from "../../engines/netpol/model.ts";
import { UsageError } from "../../model/errors.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { emit } from "../output.ts";
import { diffCommand } from "./netpol-diff.ts";
import { formatVerdict, verdictJson } from "./netpol-format.ts";
import { judge } from "./netpol-judge.ts";
import {
  loadNetpol,
  withLoadFlags,
  type EndpointSpec,
  type NetpolLoadOptions,
} from "./netpol-load.ts";
import { matrixCommand } from "./netpol-matrix.ts";
import { verifyCommand } from "./netpol-verify.ts";

export function netpolCommand(io: CliIo, exit: ExitState): Command {
  const command = new Command("netpol").description(
    "Network reachability under NetworkPolicies, exact and explained, offline",
  );
  command.addCommand(canReachCommand(io, exit));
  command.addCommand(verifyCommand(io, exit));
  command.addCommand(matrixCommand(io));
  command.addCommand(explainCommand(io));
  command.addCommand(diffCommand(io));
  return command;
}

interface CanReachOptions extends NetpolLoadOptions {
  readonly from?: string;
  readonly fromIp?: string;
  readonly fromNode?: string;
  readonly to?: string;
  readonly toIp?: string;
  readonly toNode?: string;
  readonly toService?: string;
  readonly port: string;
  readonly output: "text" | "json";
}

function canReachCommand(io: CliIo, exit: ExitState): Command {
  return withLoadFlags(
    new Command("can-reach")
      .description("Whether a connection is allowed, and the rule responsible (exit 0 yes, 1 no)")
      .option("--from <ns/pod>", "source pod or workload")
      .option("--from-ip <ip>", "source address")
      .option("--from-node <name>", "source node")
      .option("--to <ns/pod>", "destination pod or workload")
      .option("--to-ip <ip>", "destination address")
      .option("--to-node <name>", "destination node")
      .option("--to-service <ns/name>", "destination Service, judged per backend after DNAT")
      .requiredOption(
        "--port <port[/protocol]>",
        "destination port, e.g. 443, 53/UDP or a port name",
      )
      .addOption(
        new Option("-o, --output <format>", "output format")
          .choices(["text", "json"])
          .default("text"),
      ),
  ).action(async (options: CanReachOptions) => {
    const from = one("--from", {
      ...(options.from === undefined ? {} : { pod: options.from }),
      ...(options.fromIp === undefined ? {} : { ip: options.fromIp }),
      ...(options.fromNode === undefined ? {} : { node: options.fromNode }),
    });
    const to = one("--to", {
      ...(options.to === undefined ? {} : { pod: options.to }),
      ...(options.toIp === undefined ? {} : { ip: options.toIp }),
      ...(options.toNode === undefined ? {} : { node: options.toNode }),
      ...(options.toService === undefined ? {} : { service: options.toService }),
    });
    const engine = await loadNetpol(io, options);
    const judgement = judge(engine, from, to, options.port);
    const text =
      options.output === "json"
        ? `${JSON.stringify({ allowed: judgement.allowed, verdicts: judgement.verdicts.map(verdictJson), notes: judgement.notes }, null, 2)}\n`
        : [
            ...judgement.verdicts.map(formatVerdict),
            ...judgement.notes.map((n) => `denied: ${n}\n`),
          ].join("");
    await emit(io, text, undefined);
    exit.code = judgement.allowed ? EXIT.ok : EXIT.findings;
  });
}

/** Exactly one of the `--from*` (or `--to*`) flags. */
function one(flag: string, given: Record<string, string>): EndpointSpec {
  const entries = Object.entries(given);
  const [first] = entries;
  if (entries.length !== 1 || first === undefined) {
    throw new UsageError(
      `give exactly one of ${flag}, ${flag}-ip, ${flag}-node${flag === "--to" ? ", --to-service" : ""}`,
    );
  }
  const [kind, value] = first;
  return kind === "pod"
    ? { pod: value }
    : kind === "ip"
      ? { ip: value }
      : kind === "node"
        ? { node: value }
        : { service: value };
}

interface ExplainOptions extends NetpolLoadOptions {
  readonly pod?: string;
  readonly output: "text" | "json";
}

function explainCommand(io: CliIo): Command {
  return withLoadFlags(
    new Command("explain")
      .description("Each pod's isolation and the policies that select it; each policy's subjects")
      .option("--pod <ns/name>", "only this pod or workload")
      .addOption(
        new Option("-o, --output <format>", "output format")
          .choices(["text", "json"])
          .default("text"),
      ),
  ).action(async (options: ExplainOptions) => {
    const engine = await loadNetpol(io, options);
    const pods =
      options.pod === undefined
        ? engine.pods
        : engine.pods.filter((pod) => endpointName(pod) === options.pod);
    if (pods.length === 0 && options.pod !== undefined)
      throw new UsageError(`no pod or workload ${options.pod} in the input`);
    const data = explainData(engine, pods);
    await emit(
      io,
      options.output === "json" ? `${JSON.stringify(data, null, 2)}\n` : explainText(data),
      undefined,
    );
  });
}

interface PodExplanation {
  readonly pod: string;
  readonly kind: string;
  readonly hostNetwork: boolean;
  readonly ingress: { readonly isolated: boolean; readonly policies: readonly string[] };
  readonly egress: { readonly isolated: boolean; readonly policies: readonly string[] };
}

function explainData(
  engine: NetpolEngine,
  pods: readonly PodEndpoint[],
): { pods: PodExplanation[]; policies: unknown[] } {
  // A pod's own verdict to itself lists, per side, every policy that selects it: NetworkPolicy,
  // Cilium and Calico alike.
  const policyNames = (pod: PodEndpoint, direction: "ingress" | "egress"): string[] => [
    ...engine.canReach(pod, pod, 1, "TCP")[direction].policies,
  ];
  return {
    pods: pods.map((pod) => {
      const ingress = policyNames(pod, "ingress");
      const egress = policyNames(pod, "egress");
      return {
        pod: endpointName(pod),
        kind: pod.ref.kind,
        hostNetwork: pod.hostNetwork,
        ingress: { isolated: ingress.length > 0, policies: ingress },
        egress: { isolated: egress.length > 0, policies: egress },
      };
    }),
    policies: engine.policies.map((policy) => ({
      policy: `${policy.namespace}/${policy.name}`,
      isolates: [
        ...(policy.ingress === undefined ? [] : ["ingress"]),
        ...(policy.egress === undefined ? [] : ["egress"]),
      ],
      selects: engine.selectedPods(policy.id).map(endpointName),
      ingressRules: policy.ingress?.length ?? 0,
      egressRules: policy.egress?.length ?? 0,
    })),
  };
}

function explainText(data: { pods: PodExplanation[] }): string {
  return data.pods
    .map((pod) => {
      const side = (name: string, s: { isolated: boolean; policies: readonly string[] }): string =>
        `  ${name}: ${s.isolated ? `isolated by ${s.policies.join(", ")}` : "not isolated (all allowed)"}`;
      const note = pod.hostNetwork
        ? "\n  hostNetwork: NetworkPolicy does not apply; seen as node traffic"
        : "";
      return `${pod.kind} ${pod.pod}${note}\n${side("ingress", pod.ingress)}\n${side("egress ", pod.egress)}\n`;
    })
    .join("");
}
