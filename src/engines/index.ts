import type { Inventory } from "../model/inventory.ts";

/**
 * The engines a check may ask, each built at most once per snapshot and only when a check
 * first asks for it (a scan that runs no network control never builds the network index).
 */
export interface Engines {
  readonly inventory: Inventory;
}

export function createEngines(inventory: Inventory): Engines {
  return { inventory };
}

/** Memoizes a builder: the engines' laziness in one place. */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
