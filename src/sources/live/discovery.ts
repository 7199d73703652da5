// Which of the kinds Tenet reads this API server serves, and under which resource name. Uses
// aggregated discovery (two requests) and falls back to the per-group documents of older servers.
import type { ApiClient } from "./api-client.ts";

/** A listable kind as the server serves it. */
export interface ServedKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name in the URL (`networkpolicies`). */
  readonly resource: string;
  readonly namespaced: boolean;
}

export function apiVersionOf(served: Pick<ServedKind, "group" | "version">): string {
  return served.group === "" ? served.version : `${served.group}/${served.version}`;
}

/** One group's versions in the server's order of preference, each with its listable kinds. */
interface GroupVersions {
  readonly group: string;
  readonly versions: readonly { readonly version: string; readonly kinds: readonly ServedKind[] }[];
}

const AGGREGATED =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

export async function discoverKinds(
  client: ApiClient,
  wanted: ReadonlySet<string>,
): Promise<ServedKind[]> {
  const groups: GroupVersions[] = [];
  for (const root of ["/api", "/apis"]) {
    const document = await client.getJson(root, AGGREGATED);
    const aggregated = parseAggregated(document);
    groups.push(...(aggregated ?? (await legacyGroups(client, root, document))));
  }
  return selectKinds(groups, wanted);
}

/**
 * Per group, each wanted kind at the most preferred version that serves it. A kind served by
 * several groups (NetworkPolicy of networking.k8s.io and of Calico) is listed in each.
 */
export function selectKinds(
  groups: readonly GroupVersions[],
  wanted: ReadonlySet<string>,
): ServedKind[] {
  const selected: ServedKind[] = [];
  for (const { versions } of groups) {
    const seen = new Set<string>();
    for (const { kinds } of versions) {
      for (const served of kinds) {
        if (!wanted.has(served.kind) || seen.has(served.kind)) continue;
        seen.add(served.kind);
        selected.push(served);
      }
    }
  }
  return selected.sort((a, b) =>
    `${a.group}/${a.kind}`.localeCompare(`${b.group}/${b.kind}`, "en"),
  );
}

/** `apidiscovery.k8s.io/v2` APIGroupDiscoveryList, or undefined for a legacy document. */
export function parseAggregated(document: unknown): GroupVersions[] | undefined {
  const list = asRecord(document);
  if (list?.kind !== "APIGroupDiscoveryList") return undefined;
  return arrayOf(list.items).map((item) => {
    const group = stringOf(asRecord(item.metadata)?.name);
    const versions = arrayOf(item.versions).map((entry) => {
      const version = stringOf(entry.version);
      const kinds = arrayOf(entry.resources).flatMap((resource): ServedKind[] => {
        const kind = stringOf(asRecord(resource.responseKind)?.kind);
        const verbs = Array.isArray(resource.verbs) ? resource.verbs.map(String) : [];
        const name = stringOf(resource.resource);
        if (kind === "" || name === "" || !verbs.includes("list")) return [];
        return [
          { group, version, kind, resource: name, namespaced: resource.scope === "Namespaced" },
        ];
      });
      return { version, kinds };
    });
    return { group, versions };
  });
}

async function legacyGroups(
  client: ApiClient,
  root: string,
  document: unknown,
): Promise<GroupVersions[]> {
  const record = asRecord(document) ?? {};
  // /api answers APIVersions ({versions: ["v1"]}); /apis answers APIGroupList.
  const groups =
    root === "/api"
      ? [
          {
            name: "",
            versions: (Array.isArray(record.versions) ? record.versions : []).map(String),
          },
        ]
      : arrayOf(record.groups).map((group) => ({
          name: stringOf(group.name),
          versions: orderedVersions(group),
        }));
  return Promise.all(
    groups.map(async ({ name, versions }) => ({
      group: name,
      versions: await Promise.all(
        versions.map(async (version) => {
          const path = name === "" ? `/api/${version}` : `/apis/${name}/${version}`;
          return { version, kinds: parseResourceList(await client.getJson(path), name, version) };
        }),
      ),
    })),
  );
}

/** An APIGroup's versions, the preferred one first. */
function orderedVersions(group: Record<string, unknown>): string[] {
  const preferred = stringOf(asRecord(group.preferredVersion)?.version);
  const all = arrayOf(group.versions)
    .map((v) => stringOf(v.version))
    .filter((v) => v !== "");
  return preferred === "" ? all : [preferred, ...all.filter((v) => v !== preferred)];
}

/** A legacy APIResourceList; names with a slash are subresources (`pods/log`), not kinds. */
export function parseResourceList(document: unknown, group: string, version: string): ServedKind[] {
  return arrayOf(asRecord(document)?.resources).flatMap((resource): ServedKind[] => {
    const name = stringOf(resource.name);
    const kind = stringOf(resource.kind);
    const verbs = Array.isArray(resource.verbs) ? resource.verbs.map(String) : [];
    if (name === "" || name.includes("/") || kind === "" || !verbs.includes("list")) return [];
    return [{ group, version, kind, resource: name, namespaced: resource.namespaced === true }];
  });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const record = asRecord(item);
    return record === undefined ? [] : [record];
  });
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}
