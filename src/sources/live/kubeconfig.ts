// Which kubeconfig and context a live scan uses, resolved the way kubectl does: --kubeconfig,
// else every file of $KUBECONFIG merged (first file wins per name, missing files ignored),
// else ~/.kube/config, else the in-cluster ServiceAccount.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KubeConfig, type Cluster, type Context, type User } from "@kubernetes/client-node";
import { SourceError } from "../../model/errors.ts";

export interface KubeconfigRequest {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  /** Separator of $KUBECONFIG entries (`:`, or `;` on Windows). */
  readonly delimiter: string;
}

export interface ResolvedKubeconfig {
  readonly config: KubeConfig;
  readonly context: string;
  readonly cluster: Cluster;
  /** Where the configuration came from, for error messages. */
  readonly origin: string;
}

export function resolveKubeconfig(request: KubeconfigRequest): ResolvedKubeconfig {
  const { config, origin } = loadConfig(request);
  const context = request.context ?? config.getCurrentContext();
  if (context === "" || context === undefined) {
    throw new SourceError(`${origin}: no current-context set; pass --context`);
  }
  if (config.getContextObject(context) === null) {
    const known = config.getContexts().map((c) => c.name);
    throw new SourceError(
      `${origin}: context "${context}" not found (contexts: ${known.join(", ") || "none"})`,
    );
  }
  config.setCurrentContext(context);
  const cluster = config.getCurrentCluster();
  if (cluster === null) {
    throw new SourceError(`${origin}: context "${context}" names a cluster that is not defined`);
  }
  if (config.getCurrentUser() === null) {
    throw new SourceError(`${origin}: context "${context}" names a user that is not defined`);
  }
  return { config, context, cluster, origin };
}

function loadConfig(request: KubeconfigRequest): { config: KubeConfig; origin: string } {
  if (request.kubeconfig !== undefined) {
    return { config: loadFile(request.kubeconfig), origin: request.kubeconfig };
  }
  const fromEnv = request.env.KUBECONFIG;
  if (fromEnv !== undefined && fromEnv !== "") {
    const files = fromEnv
      .split(request.delimiter)
      .filter((file) => file !== "" && existsSync(file));
    if (files.length === 0) {
      throw new SourceError(`KUBECONFIG=${fromEnv}: none of these files exists`);
    }
    return { config: merge(files.map(loadFile)), origin: `KUBECONFIG=${fromEnv}` };
  }
  const home = join(request.home, ".kube", "config");
  if (existsSync(home)) return { config: loadFile(home), origin: home };
  if (request.env.KUBERNETES_SERVICE_HOST !== undefined) {
    const config = new KubeConfig();
    try {
      config.loadFromCluster();
    } catch (error) {
      throw new SourceError(`in-cluster configuration: ${String(error)}`, { cause: error });
    }
    return { config, origin: "in-cluster ServiceAccount" };
  }
  throw new SourceError(
    "no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config",
  );
}

function loadFile(file: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceError(`${file}: cannot read kubeconfig: ${reason}`, { cause: error });
  }
  return config;
}

/** kubectl's merge: the first file that defines a name wins, and the first current-context. */
function merge(configs: readonly KubeConfig[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = "";
  for (const config of configs) {
    for (const cluster of config.getClusters())
      if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.getContexts())
      if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (currentContext === "") currentContext = config.getCurrentContext() ?? "";
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}
