// Reads a live cluster into the same shape `loadSources` gives for files: every kind the checks
// read, paginated, with the kinds we could not read named as unobserved rather than missing.
import { homedir } from "node:os";
import { delimiter } from "node:path";
import type { Diagnostic } from "../../model/diagnostic.ts";
import { SourceError } from "../../model/errors.ts";
import type { LoadedObject } from "../../model/inventory.ts";
import { KNOWN_KINDS } from "../../model/kinds.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { ApiStatusError, createApiClient, DEFAULT_RETRY, type RetryPolicy } from "./api-client.ts";
import { apiVersionOf, discoverKinds, type ServedKind } from "./discovery.ts";
import { resolveKubeconfig } from "./kubeconfig.ts";
import { listAll } from "./list.ts";

export interface LiveLoadOptions {
  /** Kubeconfig file; default `$KUBECONFIG`, then `~/.kube/config`, like kubectl. */
  readonly kubeconfig?: string;
  /** Context name; default the kubeconfig's current-context. */
  readonly context?: string;
  /** Read namespaced kinds from these namespaces only; cluster-scoped kinds are always read. */
  readonly namespaces?: readonly string[];
  /** Keep Secret `data`/`stringData` (certificate checks); stripped by default. */
  readonly includeSecretData?: boolean;
  /** Overall deadline; kinds not read by then are reported unobserved. Default 5 minutes. */
  readonly timeoutMs?: number;
  readonly onProgress?: (progress: LiveProgress) => void;
  /** Objects per list request (`limit`). Default 500, like kubectl. */
  readonly pageSize?: number;
  /** Lists in flight at once. Default 4. */
  readonly concurrency?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Kinds to read; default every kind a check reads (KNOWN_KINDS). */
  readonly kinds?: ReadonlySet<string>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

export interface LiveProgress {
  readonly done: number;
  readonly total: number;
  /** `apiVersion Kind` just finished (and namespace, when listing per namespace). */
  readonly finished: string;
  readonly objects: number;
}

/** A kind the scan could not read: its checks have nothing to look at, and must say so. */
export interface UnobservedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly reason: string;
}

export interface LiveLoadResult {
  readonly objects: readonly LoadedObject[];
  readonly diagnostics: readonly Diagnostic[];
  /** `cluster:<context>`: where every object came from. */
  readonly files: readonly string[];
  readonly context: string;
  readonly server: string;
  readonly unobserved: readonly UnobservedKind[];
}

interface Task {
  readonly served: ServedKind;
  readonly namespace?: string;
}

type Outcome = { readonly objects: KubeObject[] } | { readonly unobserved: UnobservedKind };

export async function loadLiveCluster(options: LiveLoadOptions = {}): Promise<LiveLoadResult> {
  const resolved = resolveKubeconfig({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    env: options.env ?? process.env,
    home: options.home ?? homedir(),
    delimiter,
  });
  const file = `cluster:${resolved.context}`;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new SourceError(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const client = await createApiClient(resolved, {
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    retry: options.retry ?? DEFAULT_RETRY,
    signal: deadline.signal,
  });
  try {
    let served: ServedKind[];
    try {
      served = await discoverKinds(client, options.kinds ?? KNOWN_KINDS);
    } catch (error) {
      if (error instanceof ApiStatusError) {
        throw new SourceError(`${client.server}: API discovery failed: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
    const tasks = served.flatMap((kind): Task[] =>
      kind.namespaced && options.namespaces !== undefined && options.namespaces.length > 0
        ? [...new Set(options.namespaces)].sort().map((namespace) => ({ served: kind, namespace }))
        : [{ served: kind }],
    );
    const report = (done: number, task: Task, outcome: Outcome): void => {
      options.onProgress?.({
        done,
        total: tasks.length,
        finished: `${apiVersionOf(task.served)} ${task.served.kind}${task.namespace === undefined ? "" : ` in ${task.namespace}`}`,
        objects: "objects" in outcome ? outcome.objects.length : 0,
      });
    };
    let outcomes: Outcome[];
    try {
      outcomes = await runAll(
        tasks,
        options.concurrency ?? 4,
        (task) => readTask(task, options, client, deadline.signal),
        report,
      );
    } catch (error) {
      // The server is gone or refuses us: stop the lists still in flight, then report it.
      deadline.abort(error);
      throw error;
    }
    const objects: LoadedObject[] = [];
    const unobserved: UnobservedKind[] = [];
    for (const outcome of outcomes) {
      if ("objects" in outcome)
        objects.push(...outcome.objects.map((object) => ({ object, location: { file } })));
      else unobserved.push(outcome.unobserved);
    }
    const diagnostics = unobserved.map((entry): Diagnostic => ({
      severity: "error",
      code: "unobserved-kind",
      message: `unobserved: ${entry.kind} (${entry.apiVersion})${entry.namespace === undefined ? "" : ` in namespace ${entry.namespace}`} could not be read: ${entry.reason}; checks that read it are incomplete`,
      file,
    }));
    return {
      objects,
      diagnostics,
      files: [file],
      context: resolved.context,
      server: client.server,
      unobserved,
    };
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

async function readTask(
  task: Task,
  options: LiveLoadOptions,
  client: Awaited<ReturnType<typeof createApiClient>>,
  signal: AbortSignal,
): Promise<Outcome> {
  const base = {
    apiVersion: apiVersionOf(task.served),
    kind: task.served.kind,
    ...(task.namespace === undefined ? {} : { namespace: task.namespace }),
  };
  if (signal.aborted) return { unobserved: { ...base, reason: (signal.reason as Error).message } };
  try {
    const objects = await listAll(client, task.served, {
      ...(task.namespace === undefined ? {} : { namespace: task.namespace }),
      pageSize: options.pageSize ?? 500,
      includeSecretData: options.includeSecretData ?? false,
    });
    return { objects };
  } catch (error) {
    // A refusal or a server error on one kind leaves the others readable: partial, not fatal.
    if (error instanceof ApiStatusError) return { unobserved: { ...base, reason: error.message } };
    // The overall deadline: whatever was not read by then is unobserved.
    if (signal.aborted)
      return { unobserved: { ...base, reason: (signal.reason as Error).message } };
    throw error;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
async function runAll<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  onDone: (done: number, item: T, result: R) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      const result = await work(item);
      results[index] = result;
      onDone(++done, item, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
