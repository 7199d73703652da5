import { Option, type Command } from "commander";
import { isProtocol, type Protocol } from "../../engines/netpol/conn-set.ts";
import { buildNetpolEngine, type NetpolEngine } from "../../engines/netpol/engine.ts";
import type { Endpoint } from "../../engines/netpol/model.ts";
import { formatDiagnostic } from "../../model/diagnostic.ts";
import { UsageError } from "../../model/errors.ts";
import { buildInventory } from "../../model/inventory.ts";
import { loadSources } from "../../sources/index.ts";
import type { CliIo } from "../io.ts";

export const CNI_PROFILES = ["generic", "cilium", "calico"] as const;
export type CniProfile = (typeof CNI_PROFILES)[number];

/** Flags every `tenet netpol` subcommand shares. */
export interface NetpolLoadOptions {
  readonly filename: readonly string[];
  readonly cni: CniProfile;
  readonly ipblockMatchesPodIps?: string;
}

export const collect = (value: string, previous: readonly string[] = []): readonly string[] => [
  ...previous,
  value,
];

export function withLoadFlags(command: Command): Command {
  return command
    .option(
      "-f, --filename <path>",
      "manifests, directories or - for stdin (repeatable)",
      collect,
      [],
    )
    .addOption(
      new Option("--cni <profile>", "CNI semantics where the API leaves a choice")
        .choices(CNI_PROFILES)
        .default("generic"),
    )
    .option(
      "--ipblock-matches-pod-ips <bool>",
      "whether ipBlock peers match pod IPs (default true; false with --cni cilium)",
    );
}

/** Loads manifests, prints what could not be read or understood, builds the engine. */
export async function loadNetpol(io: CliIo, options: NetpolLoadOptions): Promise<NetpolEngine> {
  return (await loadNetpolFrom(io, options.filename, options)).engine;
}

export async function loadNetpolFrom(
  io: CliIo,
  inputs: readonly string[],
  options: NetpolLoadOptions,
): Promise<{ engine: NetpolEngine; complete: boolean }> {
  const ipBlockMatchesPodIps = ipBlockFlag(options);
  if (inputs.length === 0) throw new UsageError("give the manifests with -f PATH");
  const loaded = await loadSources(inputs, { stdin: io.stdin });
  const { inventory, diagnostics } = buildInventory(loaded.objects);
  const engine = buildNetpolEngine(inventory, { ipBlockMatchesPodIps });
  const all = [...loaded.diagnostics, ...diagnostics, ...engine.diagnostics];
  for (const diagnostic of all) io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  return { engine, complete: !all.some((diagnostic) => diagnostic.severity === "error") };
}

function ipBlockFlag(options: NetpolLoadOptions): boolean {
  const value = options.ipblockMatchesPodIps;
  if (value === undefined) return options.cni !== "cilium";
  if (value !== "true" && value !== "false") {
    throw new UsageError(`--ipblock-matches-pod-ips must be true or false (got "${value}")`);
  }
  return value === "true";
}

/** `80`, `53/UDP`, `sctp`-insensitive; a name resolves on the destination pod. */
export function parsePort(
  text: string,
  destination: Endpoint | undefined,
): { port: number; protocol: Protocol } {
  const [portText = "", protocolText = "TCP"] = text.split("/");
  const protocol = protocolText.toUpperCase();
  if (!isProtocol(protocol)) {
    throw new UsageError(`--port protocol must be TCP, UDP or SCTP (got "${protocolText}")`);
  }
  if (/^\d+$/.test(portText)) {
    const port = Number(portText);
    if (port < 1 || port > 65535) throw new UsageError(`--port ${port} is not in 1-65535`);
    return { port, protocol };
  }
  const named =
    destination?.kind === "pod"
      ? destination.namedPorts.find((p) => p.name === portText && p.protocol === protocol)
      : undefined;
  if (named === undefined) {
    throw new UsageError(
      `--port "${portText}" is neither a number nor a named port of the destination`,
    );
  }
  return { port: named.port, protocol };
}

/** What `--from`/`--to` and the assertion files name: a pod, an address or a node. */
export type EndpointSpec =
  | { readonly pod: string }
  | { readonly ip: string }
  | { readonly node: string }
  | { readonly service: string };

export function resolveEndpoint(engine: NetpolEngine, spec: EndpointSpec): Endpoint {
  if ("pod" in spec) {
    const [namespace, name, extra] = spec.pod.split("/");
    if (namespace === undefined || name === undefined || extra !== undefined || name === "") {
      throw new UsageError(`a pod is named <namespace>/<name> (got "${spec.pod}")`);
    }
    const pod = engine.findPod(namespace, name);
    if (pod === undefined) {
      throw new UsageError(`no pod or workload ${spec.pod} in the input`);
    }
    return pod;
  }
  if ("ip" in spec) {
    const endpoint = engine.endpointForIp(spec.ip);
    if (endpoint === undefined) throw new UsageError(`"${spec.ip}" is not an IP address`);
    return endpoint;
  }
  if ("node" in spec) {
    const node = engine.findNode(spec.node);
    if (node === undefined) throw new UsageError(`no Node ${spec.node} in the input`);
    return node;
  }
  throw new UsageError("a Service can only be a destination");
}

/** Splits `ns/name` for a Service. */
export function serviceRef(text: string): { namespace: string; name: string } {
  const [namespace, name, extra] = text.split("/");
  if (namespace === undefined || name === undefined || name === "" || extra !== undefined) {
    throw new UsageError(`a Service is named <namespace>/<name> (got "${text}")`);
  }
  return { namespace, name };
}
