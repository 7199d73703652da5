// The Node authorizer oracle: Nodes, pods bound to them (spec.nodeName; they never run) that
// reference Secrets, ConfigMaps, claims and ServiceAccounts, PersistentVolumes and a
// VolumeAttachment are created in a real kube-apiserver (`--authorization-mode=Node,RBAC`);
// then random SubjectAccessReviews as node users are answered by it and by Tenet, from the
// objects read back after admission. Zero disagreements on `allowed` and on `reason`.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapPolicy } from "../../src/engines/rbac/bootstrap/index.ts";
import { buildRbacEngine } from "../../src/engines/rbac/index.ts";
import type { NodeVertexType } from "../../src/engines/rbac/node-graph.ts";
import type { Request, UserInfo } from "../../src/engines/rbac/types.ts";
import { isObject } from "../../src/model/fields.ts";
import { buildInventory } from "../../src/model/inventory.ts";
import type { KubeObject } from "../../src/model/kube-object.ts";
import { clusterRole, clusterRoleBinding, group } from "../fixtures/rbac/objects.ts";
import { suiteTempDir } from "../helpers/temp-dir.ts";
import { adminRequest, subjectAccessReview } from "./admin-api.ts";
import { findBinaries } from "./binaries.ts";
import { startControlPlane, type ControlPlane, type ControlPlaneInfo } from "./control-plane.ts";

const lookup = findBinaries();
if (!lookup.found && process.env["CI"] === "true") {
  throw new Error(`the Node authorizer differential test cannot run in CI: ${lookup.reason}`);
}

const NAMESPACES = ["na", "nb"] as const;
const NODES = ["node-a", "node-b"] as const;
const SECRETS = ["s1", "s2", "s3", "s4"];
const CONFIGMAPS = ["cm1", "cm2", "kube-root-ca.crt"];
const CLAIMS = ["pvc1", "pvc2"];
const ACCOUNTS = ["default", "app"];
const POD_COUNT = 16;

/** Random pods: some bound to a node, each referencing Secrets, ConfigMaps and claims. */
function randomPods(seed: number): KubeObject[] {
  const secretRef = fc.record({
    where: fc.constantFrom("env", "envFrom", "volume", "projected", "pull", "init", "csi"),
    name: fc.constantFrom(...SECRETS),
  });
  const podSpec = fc.record({
    namespace: fc.constantFrom(...NAMESPACES),
    node: fc.constantFrom<string | undefined>(...NODES, undefined),
    account: fc.constantFrom<string | undefined>("app", undefined),
    secrets: fc.array(secretRef, { maxLength: 3 }),
    configMaps: fc.array(
      fc.tuple(fc.constantFrom("env", "volume", "projected"), fc.constantFrom("cm1", "cm2")),
      { maxLength: 2 },
    ),
    claims: fc.array(fc.constantFrom(...CLAIMS), { maxLength: 1 }),
    ephemeral: fc.boolean(),
    mirror: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
  });
  const specs =
    fc.sample(fc.array(podSpec, { minLength: POD_COUNT, maxLength: POD_COUNT }), {
      seed,
      numRuns: 1,
    })[0] ?? [];
  // Admission forbids a mirror pod any reference: it is the node's own, bare.
  return specs.map((drawn, index) => {
    const spec =
      drawn.mirror && drawn.node !== undefined
        ? {
            ...drawn,
            account: undefined,
            secrets: [],
            configMaps: [],
            claims: [],
            ephemeral: false,
          }
        : drawn;
    const env: unknown[] = [];
    const envFrom: unknown[] = [];
    const initEnv: unknown[] = [];
    const volumes: unknown[] = [];
    const pull: unknown[] = [];
    spec.secrets.forEach(({ where, name }, i) => {
      if (where === "env")
        env.push({ name: `S${i}`, valueFrom: { secretKeyRef: { name, key: "k" } } });
      else if (where === "envFrom") envFrom.push({ secretRef: { name } });
      else if (where === "init")
        initEnv.push({ name: `S${i}`, valueFrom: { secretKeyRef: { name, key: "k" } } });
      else if (where === "pull") pull.push({ name });
      else if (where === "volume") volumes.push({ name: `sv${i}`, secret: { secretName: name } });
      else if (where === "projected")
        volumes.push({ name: `sp${i}`, projected: { sources: [{ secret: { name } }] } });
      else
        volumes.push({
          name: `sc${i}`,
          csi: { driver: "example.com", nodePublishSecretRef: { name } },
        });
    });
    spec.configMaps.forEach(([where, name], i) => {
      if (where === "env")
        env.push({ name: `C${i}`, valueFrom: { configMapKeyRef: { name, key: "k" } } });
      else if (where === "volume") volumes.push({ name: `cv${i}`, configMap: { name } });
      else volumes.push({ name: `cp${i}`, projected: { sources: [{ configMap: { name } }] } });
    });
    spec.claims.forEach((claimName, i) =>
      volumes.push({ name: `pv${i}`, persistentVolumeClaim: { claimName } }),
    );
    if (spec.ephemeral) {
      volumes.push({
        name: "scratch",
        ephemeral: {
          volumeClaimTemplate: {
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
          },
        },
      });
    }
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `p${index}`,
        namespace: spec.namespace,
        ...(spec.mirror && spec.node !== undefined
          ? { annotations: { "kubernetes.io/config.mirror": "mirror" } }
          : {}),
      },
      spec: {
        ...(spec.node === undefined ? {} : { nodeName: spec.node }),
        ...(spec.account === undefined ? {} : { serviceAccountName: spec.account }),
        ...(pull.length === 0 ? {} : { imagePullSecrets: pull }),
        ...(initEnv.length === 0
          ? {}
          : { initContainers: [{ name: "init", image: "busybox", env: initEnv }] }),
        containers: [
          {
            name: "c",
            image: "busybox",
            ...(env.length === 0 ? {} : { env }),
            ...(envFrom.length === 0 ? {} : { envFrom }),
          },
        ],
        ...(volumes.length === 0 ? {} : { volumes }),
      },
    };
  });
}

const FIXED: KubeObject[] = [
  {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pv1" },
    spec: {
      capacity: { storage: "1Gi" },
      accessModes: ["ReadWriteOnce"],
      claimRef: { namespace: "na", name: "pvc1" },
      csi: {
        driver: "example.com",
        volumeHandle: "h1",
        nodePublishSecretRef: { namespace: "nb", name: "s4" },
        controllerPublishSecretRef: { namespace: "nb", name: "s3" },
      },
    },
  },
  {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pv2" },
    spec: {
      capacity: { storage: "1Gi" },
      accessModes: ["ReadWriteOnce"],
      claimRef: { namespace: "nb", name: "pvc2" },
      rbd: { monitors: ["10.0.0.1"], image: "i", secretRef: { name: "s2" } },
    },
  },
  {
    apiVersion: "storage.k8s.io/v1",
    kind: "VolumeAttachment",
    metadata: { name: "va1" },
    spec: { attacher: "example.com", nodeName: "node-a", source: { persistentVolumeName: "pv1" } },
  },
  // RBAC answers what the Node authorizer has no opinion on.
  clusterRole("diff-node-extra", [
    { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["cm2"] },
  ]),
  clusterRoleBinding("diff-node-extra", { kind: "ClusterRole", name: "diff-node-extra" }, [
    group("system:nodes"),
  ]),
];

const RESOURCES: readonly (readonly [string, string, string])[] = [
  ["", "secrets", ""],
  ["", "secrets", ""],
  ["", "configmaps", ""],
  ["", "persistentvolumeclaims", ""],
  ["", "persistentvolumeclaims", "status"],
  ["", "persistentvolumes", ""],
  ["", "serviceaccounts", ""],
  ["", "serviceaccounts", "token"],
  ["", "pods", ""],
  ["", "pods", "status"],
  ["", "pods", "eviction"],
  ["", "pods", "exec"],
  ["", "nodes", ""],
  ["", "nodes", "status"],
  ["", "services", ""],
  ["", "events", ""],
  ["coordination.k8s.io", "leases", ""],
  ["storage.k8s.io", "csinodes", ""],
  ["storage.k8s.io", "volumeattachments", ""],
  ["resource.k8s.io", "resourceclaims", ""],
  ["resource.k8s.io", "resourceslices", ""],
  ["certificates.k8s.io", "podcertificaterequests", ""],
  ["apps", "deployments", ""],
];
const NAMES = [
  "",
  ...SECRETS,
  ...CONFIGMAPS,
  ...CLAIMS,
  ...ACCOUNTS,
  "pv1",
  "pv2",
  "va1",
  "node-a",
  "node-b",
  "p0",
  "p1",
  "p2",
  "p3",
  "p4",
  "p5",
  "p6",
  "p7",
  "p9",
  "p12",
  "p15",
  "p1-scratch",
  "p3-scratch",
];

/** A resource the graph links to some node, as a request target. */
type Linked = readonly [group: string, resource: string, namespace: string, name: string];

function randomReviews(
  seed: number,
  count: number,
  linked: readonly Linked[],
): { user: UserInfo; request: Request }[] {
  const resourceRequest = fc
    .record({
      verb: fc.constantFrom(
        "get",
        "get",
        "get",
        "list",
        "watch",
        "create",
        "update",
        "patch",
        "delete",
        "deletecollection",
      ),
      namespace: fc.constantFrom("na", "nb", "", "kube-node-lease"),
      target: fc.constantFrom(...RESOURCES),
      name: fc.constantFrom(...NAMES),
    })
    .map(({ target: [apiGroup, resource, subresource], ...rest }) => ({
      kind: "resource" as const,
      ...rest,
      apiGroup,
      resource,
      subresource,
    }));
  // Half the questions name an object some pod may link to a node.
  const linkedRequest = fc
    .record({
      verb: fc.constantFrom("get", "get", "get", "list", "watch", "update", "create"),
      target: fc.constantFrom(...linked),
      subresource: fc.constantFrom("", "", "", "", "status", "token"),
    })
    .map(({ verb, target: [apiGroup, resource, namespace, name], subresource }) => ({
      kind: "resource" as const,
      verb,
      namespace,
      apiGroup,
      resource,
      subresource,
      name,
    }));
  const review = fc.record({
    user: fc.record({
      name: fc.constantFrom(
        "system:node:node-a",
        "system:node:node-a",
        "system:node:node-b",
        "system:node:node-b",
        "system:node:node-c",
        "system:node:",
        "node-a",
      ),
      groups: fc.constantFrom(
        ["system:nodes", "system:authenticated"],
        ["system:nodes", "system:authenticated"],
        ["system:nodes"],
        ["system:authenticated"],
      ),
    }),
    request: fc.oneof(
      { weight: 10, arbitrary: resourceRequest },
      { weight: linked.length === 0 ? 0 : 10, arbitrary: linkedRequest },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("nonResource" as const),
          verb: fc.constant("get"),
          path: fc.constantFrom("/healthz", "/api"),
        }),
      },
    ),
  });
  return fc.sample(review, { seed, numRuns: count });
}

const GRAPH_RESOURCES: readonly (readonly [NodeVertexType, string, string])[] = [
  ["pod", "", "pods"],
  ["secret", "", "secrets"],
  ["configmap", "", "configmaps"],
  ["pvc", "", "persistentvolumeclaims"],
  ["pv", "", "persistentvolumes"],
  ["serviceAccount", "", "serviceaccounts"],
  ["volumeattachment", "storage.k8s.io", "volumeattachments"],
];

async function create(info: ControlPlaneInfo, path: string, object: unknown): Promise<void> {
  const { status, json } = await adminRequest(info, "POST", path, object);
  if (status !== 201 && status !== 409)
    throw new Error(`POST ${path}: ${status} ${JSON.stringify(json)}`);
}

async function list(
  info: ControlPlaneInfo,
  path: string,
  apiVersion: string,
  kind: string,
): Promise<KubeObject[]> {
  const { json } = await adminRequest(info, "GET", path);
  const items = isObject(json) && Array.isArray(json["items"]) ? json["items"] : [];
  return items.map((item) => ({ ...(item as KubeObject), apiVersion, kind }));
}

let plane: ControlPlane | undefined;

describe.skipIf(!lookup.found)("Node authorizer against the real apiserver", () => {
  const dir = suiteTempDir("tenet-k8s-");

  beforeAll(async () => {
    if (!lookup.found) return;
    plane = await startControlPlane({
      binaries: lookup.binaries,
      dir: dir(),
      controllerManager: false,
    });
  });

  afterAll(async () => {
    await plane?.stop();
  });

  it(
    "agrees on 2000 random reviews by node users over pods bound to nodes",
    { timeout: 900_000 },
    async () => {
      if (plane === undefined) throw new Error("no control plane");
      const info = plane.info;
      for (const name of NODES)
        await create(info, "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name } });
      for (const ns of NAMESPACES) {
        await create(info, "/api/v1/namespaces", {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: ns },
        });
        // Without a controller manager no ServiceAccount exists; admission needs the pod's.
        for (const name of ACCOUNTS)
          await create(info, `/api/v1/namespaces/${ns}/serviceaccounts`, {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name },
          });
      }
      for (const object of randomPods(20261127)) {
        await create(info, `/api/v1/namespaces/${object.metadata.namespace ?? ""}/pods`, object);
      }
      await create(info, "/api/v1/persistentvolumes", FIXED[0]);
      await create(info, "/api/v1/persistentvolumes", FIXED[1]);
      await create(info, "/apis/storage.k8s.io/v1/volumeattachments", FIXED[2]);
      await create(info, "/apis/rbac.authorization.k8s.io/v1/clusterroles", FIXED[3]);
      await create(info, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", FIXED[4]);

      // What the apiserver holds after admission (it adds the token volume, the default account).
      const objects = [
        ...(await list(info, "/api/v1/pods", "v1", "Pod")),
        ...(await list(info, "/api/v1/persistentvolumes", "v1", "PersistentVolume")),
        ...(await list(
          info,
          "/apis/storage.k8s.io/v1/volumeattachments",
          "storage.k8s.io/v1",
          "VolumeAttachment",
        )),
        FIXED[3],
        FIXED[4],
      ].filter((object): object is KubeObject => object !== undefined);
      const { inventory } = buildInventory(
        objects.map((object) => ({ object, location: { file: "apiserver" } })),
      );
      const engine = buildRbacEngine(inventory, { bootstrap: bootstrapPolicy("v1.36") });

      // Every object the engine links to a node, asked with get by that node: the graph is filled
      // by informers, so wait (bounded) until the apiserver links each one too.
      const graph = engine.nodeGraph;
      if (graph === undefined) throw new Error("the Node authorizer is on by default");
      const probes: { user: UserInfo; request: Request }[] = [];
      for (const node of graph.nodes) {
        for (const [type, apiGroup, resource] of GRAPH_RESOURCES) {
          for (const { namespace, name } of graph.objectsOf(node, type)) {
            probes.push({
              user: { name: `system:node:${node}`, groups: ["system:nodes"] },
              request: {
                kind: "resource",
                verb: "get",
                namespace,
                apiGroup,
                resource,
                subresource: "",
                name,
              },
            });
          }
        }
      }
      expect(probes.length).toBeGreaterThan(15);
      // Questions name every object a pod could reference, linked or not: the targets come
      // from the pools the pods were drawn from, not from the engine under test.
      const targets: Linked[] = [
        ["", "persistentvolumes", "", "pv1"],
        ["", "persistentvolumes", "", "pv2"],
        ["storage.k8s.io", "volumeattachments", "", "va1"],
      ];
      for (const namespace of NAMESPACES) {
        const pods = Array.from({ length: POD_COUNT }, (_, i) => `p${i}`);
        for (const [resource, names] of [
          ["secrets", SECRETS],
          ["configmaps", CONFIGMAPS],
          ["persistentvolumeclaims", [...CLAIMS, ...pods.map((pod) => `${pod}-scratch`)]],
          ["serviceaccounts", ACCOUNTS],
          ["pods", pods],
        ] as const) {
          for (const name of names) targets.push(["", resource, namespace, name]);
        }
      }
      const deadline = Date.now() + 60_000;
      for (const probe of probes) {
        while (
          !(await subjectAccessReview(info, probe.user, probe.request)).allowed &&
          Date.now() < deadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }

      const disagreements: unknown[] = [];
      let allowed = 0;
      let byNode = 0;
      const reviews = [...probes, ...randomReviews(20261128, 2000 - probes.length, targets)];
      for (const { user, request } of reviews) {
        const real = await subjectAccessReview(info, user, request);
        const decision = engine.can(user, request);
        if (real.allowed) allowed++;
        if (decision.nodeAuthorizer !== undefined) byNode++;
        // When several bindings allow, the apiserver names whichever its cache lists first:
        // any binding Tenet found will do. Everything else must match to the byte.
        const named = /^RBAC: allowed by (\w+) "([^"]+)"/.exec(real.reason);
        const sameReason =
          real.reason === decision.reason ||
          (named !== null &&
            decision.grants.some(
              (grant) =>
                grant.binding.kind === named[1] &&
                (grant.binding.kind === "RoleBinding"
                  ? `${grant.binding.name}/${grant.binding.namespace ?? ""}`
                  : grant.binding.name) === named[2],
            ));
        if (real.allowed !== decision.allowed || !sameReason) {
          disagreements.push({
            user,
            request,
            apiserver: real,
            tenet: { allowed: decision.allowed, reason: decision.reason },
          });
        }
      }
      expect(disagreements).toEqual([]);
      // Both answers, and the Node authorizer's graph, must occur often, or this proves little.
      expect(allowed).toBeGreaterThan(200);
      expect(reviews.length - allowed).toBeGreaterThan(200);
      expect(byNode).toBeGreaterThan(100);
    },
  );
});
