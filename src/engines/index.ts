import type { Inventory } from "../model/inventory.ts";
import { buildNetpolEngine, type NetpolEngine } from "./netpol/engine.ts";

/**
 * The engines a check may ask, each built at most once per snapshot and only when a check
 * first asks for it (a scan that runs no network control never builds the network index).
 */
export interface Engines {
  readonly inventory: Inventory;
  /** NetworkPolicy reachability (upstream conformance semantics). */
  readonly netpol: NetpolEngine;
}

export function createEngines(inventory: Inventory): Engines {
  const netpol = lazy(() => buildNetpolEngine(inventory));
  return {
    inventory,
    get netpol() {
      return netpol();
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
