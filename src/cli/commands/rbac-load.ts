import { Option } from "commander";
import { buildRbacEngine, type RbacEngine } from "../../engines/rbac/index.ts";
import {
  BOOTSTRAP_POLICY_VERSIONS,
  DEFAULT_BOOTSTRAP_POLICY,
  bootstrapPolicy,
  isBootstrapPolicyVersion,
} from "../../engines/rbac/bootstrap/index.ts";
import { resolveResource } from "../../engines/rbac/resources.ts";
import type { Request } from "../../engines/rbac/types.ts";
import { formatDiagnostic } from "../../model/diagnostic.ts";
import { UsageError } from "../../model/errors.ts";
import { buildInventory } from "../../model/inventory.ts";
import { loadSources } from "../../sources/load-sources.ts";
import type { CliIo } from "../io.ts";

/** Options every `tenet rbac` subcommand shares. */
export interface RbacLoadOptions {
  readonly filename: readonly string[];
  readonly bootstrapPolicy: string;
  /** `Node,RBAC` (default, as kubeadm) or `RBAC`. */
  readonly authorizationMode?: string;
}

export const AUTHORIZATION_MODES = ["Node,RBAC", "RBAC"] as const;

export function authorizationModeOption(): Option {
  return new Option(
    "--authorization-mode <modes>",
    "the apiserver's authorizers: Node,RBAC (kubeadm's default) or RBAC when the cluster runs no Node authorizer",
  )
    .choices(AUTHORIZATION_MODES)
    .default("Node,RBAC");
}

export const collect = (value: string, previous: readonly string[] = []): readonly string[] => [
  ...previous,
  value,
];

export function bootstrapOption(): Option {
  return new Option(
    "--bootstrap-policy <version>",
    `default roles and bindings the apiserver creates itself (${[...BOOTSTRAP_POLICY_VERSIONS, "none"].join(", ")})`,
  ).default(DEFAULT_BOOTSTRAP_POLICY);
}

/** Loads manifests (and the bootstrap policy), prints what could not be read, builds the engine. */
export async function loadRbacEngine(io: CliIo, options: RbacLoadOptions): Promise<RbacEngine> {
  const version = options.bootstrapPolicy;
  if (version !== "none" && !isBootstrapPolicyVersion(version)) {
    throw new UsageError(
      `--bootstrap-policy must be one of ${[...BOOTSTRAP_POLICY_VERSIONS, "none"].join(", ")} (got "${version}")`,
    );
  }
  const loaded =
    options.filename.length === 0
      ? { objects: [], diagnostics: [] }
      : await loadSources(options.filename, { stdin: io.stdin });
  const { inventory, diagnostics } = buildInventory(loaded.objects);
  const engine = buildRbacEngine(inventory, {
    bootstrap: version === "none" ? [] : bootstrapPolicy(version),
    nodeAuthorizer: (options.authorizationMode ?? "Node,RBAC") === "Node,RBAC",
  });
  for (const diagnostic of [...loaded.diagnostics, ...diagnostics, ...engine.diagnostics]) {
    io.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  }
  return engine;
}

export interface RequestArgs {
  readonly verb: string;
  readonly target: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly subresource?: string;
}

/**
 * kubectl's reading of `VERB (RESOURCE | NONRESOURCEURL)`: a target starting with `/` is a
 * non-resource URL; a resource resolves through the built-in table (short names, `.group`).
 * `RESOURCE/SUB` names a subresource (as `--subresource` does). A cluster-scoped resource is
 * asked at cluster scope, as the real request would be, whatever `-n` says.
 */
export function requestOf(args: RequestArgs, io: CliIo): Request {
  if (args.target.startsWith("/")) {
    if (args.name !== undefined) throw new UsageError("a non-resource URL takes no name");
    return { kind: "nonResource", verb: args.verb, path: args.target };
  }
  const [resourceText = "", slashSub] = splitOnce(args.target, "/");
  if (slashSub !== undefined && args.subresource !== undefined) {
    throw new UsageError(`give the subresource once: ${args.target} or --subresource`);
  }
  const resolved = resolveResource(resourceText);
  if (resolved.known === undefined && resolved.resource !== "*") {
    io.stderr.write(
      `Warning: the built-in table has no resource type "${resourceText}"; asking for it as written\n`,
    );
  }
  const clusterScoped = resolved.known !== undefined && !resolved.known.namespaced;
  if (clusterScoped && args.namespace !== undefined && args.namespace !== "") {
    io.stderr.write(`Warning: resource '${resolved.resource}' is not namespace scoped\n`);
  }
  return {
    kind: "resource",
    verb: args.verb,
    namespace: clusterScoped || args.allNamespaces === true ? "" : (args.namespace ?? "default"),
    apiGroup: resolved.group,
    resource: resolved.resource,
    subresource: slashSub ?? args.subresource ?? "",
    name: args.name ?? "",
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

export function describeRequest(request: Request): string {
  if (request.kind === "nonResource") return `${request.verb} ${request.path}`;
  const resource =
    (request.subresource === "" ? request.resource : `${request.resource}/${request.subresource}`) +
    (request.apiGroup === "" ? "" : `.${request.apiGroup}`);
  const name = request.name === "" ? "" : ` ${request.name}`;
  const scope = request.namespace === "" ? "at cluster scope" : `in namespace ${request.namespace}`;
  return `${request.verb} ${resource}${name} ${scope}`;
}
