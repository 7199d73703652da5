import { createEngines } from "../../src/engines/index.ts";
import type { CheckContext } from "../../src/checks/check.ts";
import { buildInventory, type Inventory } from "../../src/model/inventory.ts";
import type { KubeObject } from "../../src/model/kube-object.ts";

/** An inventory of plain objects, each located at `test.yaml` line = its position. */
export function inventoryOf(...objects: readonly KubeObject[]): Inventory {
  return buildInventory(
    objects.map((object, index) => ({ object, location: { file: "test.yaml", line: index + 1 } })),
  ).inventory;
}

/** A check context over plain objects, at a fixed reference time. */
export function contextOf(
  objects: readonly KubeObject[],
  now = new Date("2026-06-01T00:00:00Z"),
): CheckContext {
  const inventory = inventoryOf(...objects);
  return { inventory, engines: createEngines(inventory), now };
}

/** A Pod with the given spec, in namespace `default` unless metadata says otherwise. */
export function pod(
  name: string,
  spec: Record<string, unknown>,
  namespace = "default",
): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec };
}
