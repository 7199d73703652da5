// Lists every object of one served kind, a page at a time (`limit` / `continue`).
import type { KubeObject } from "../../model/kube-object.ts";
import { ApiStatusError, type ApiClient } from "./api-client.ts";
import { apiVersionOf, type ServedKind } from "./discovery.ts";

export interface ListOptions {
  /** Only this namespace (namespaced kinds). */
  readonly namespace?: string;
  readonly pageSize: number;
  readonly includeSecretData: boolean;
}

export function collectionPath(served: ServedKind, namespace?: string): string {
  const root =
    served.group === "" ? `/api/${served.version}` : `/apis/${served.group}/${served.version}`;
  const scope =
    served.namespaced && namespace !== undefined
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : "";
  return `${root}${scope}/${served.resource}`;
}

export async function listAll(
  client: ApiClient,
  served: ServedKind,
  options: ListOptions,
): Promise<KubeObject[]> {
  const path = collectionPath(served, options.namespace);
  try {
    return await pages(client, served, path, options);
  } catch (error) {
    // 410: the continue token expired (the list took longer than etcd keeps history); relist.
    if (error instanceof ApiStatusError && error.status === 410)
      return pages(client, served, path, options);
    throw error;
  }
}

async function pages(
  client: ApiClient,
  served: ServedKind,
  path: string,
  options: ListOptions,
): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  let token = "";
  do {
    const query = new URLSearchParams({ limit: String(options.pageSize) });
    if (token !== "") query.set("continue", token);
    const list = (await client.getJson(`${path}?${query.toString()}`)) as {
      items?: unknown;
      metadata?: { continue?: unknown };
    };
    const items = Array.isArray(list.items) ? (list.items as unknown[]) : [];
    for (const item of items) {
      const object = normalize(item, served, options.includeSecretData);
      if (object !== undefined) objects.push(object);
    }
    token = typeof list.metadata?.continue === "string" ? list.metadata.continue : "";
  } while (token !== "");
  return objects;
}

/**
 * A list item as a KubeObject: list items carry no apiVersion/kind; managedFields are bookkeeping
 * no check reads; Secret values are dropped here, at the edge, unless explicitly asked for.
 */
export function normalize(
  item: unknown,
  served: ServedKind,
  includeSecretData: boolean,
): KubeObject | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const { metadata, ...rest } = item as Record<string, unknown>;
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const { managedFields: _managed, ...meta } = metadata as Record<string, unknown>;
  if (typeof meta.name !== "string") return undefined;
  const body: Record<string, unknown> = { ...rest };
  if (served.kind === "Secret" && served.group === "" && !includeSecretData) {
    delete body.data;
    delete body.stringData;
  }
  delete body.apiVersion;
  delete body.kind;
  return {
    apiVersion: apiVersionOf(served),
    kind: served.kind,
    metadata: { ...meta, name: meta.name },
    ...body,
  };
}
