import type { Inventory } from "../model/inventory.ts";
import { buildNetpolEngine, type NetpolEngine } from "./netpol/engine.ts";
import { bootstrapPolicy, DEFAULT_BOOTSTRAP_POLICY } from "./rbac/bootstrap/index.ts";
import { buildRbacEngine, type RbacEngine } from "./rbac/index.ts";

/**
 * The engines a check may ask, each built at most once per snapshot and only when a check
 * first asks for it (a scan that runs no network control never builds the network index).
 */
export interface Engines {
  readonly inventory: Inventory;
  /** NetworkPolicy reachability (upstream conformance semantics). */
  readonly netpol: NetpolEngine;
  /** The RBAC authorizer (kube-apiserver semantics, with the default bootstrap policy). */
  readonly rbac: RbacEngine;
}

export function createEngines(inventory: Inventory): Engines {
  const netpol = lazy(() => buildNetpolEngine(inventory));
  const rbac = lazy(() =>
    buildRbacEngine(inventory, { bootstrap: bootstrapPolicy(DEFAULT_BOOTSTRAP_POLICY) }),
  );
  return {
    inventory,
    get netpol() {
      return netpol();
    },
    get rbac() {
      return rbac();
    },
  };
}

/** Memoizes a builder: the engines' laziness in one place. */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
