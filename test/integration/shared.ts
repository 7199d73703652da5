// How an integration test file gets the shared control plane.
import { inject } from "vitest";
import type { ControlPlaneInfo } from "./control-plane.ts";

/** The shared control plane, or undefined (with the reason printed) when this run has none. */
export function sharedControlPlane(): ControlPlaneInfo | undefined {
  const provided = inject("controlPlane");
  if ("info" in provided) return provided.info;
  console.warn(`[integration] skipped: ${provided.skipReason}`);
  return undefined;
}

/**
 * The control plane inside a `describe.skipIf(plane === undefined)` suite. Vitest still runs the
 * body of a skipped suite to collect its tests, so this must not throw; skipped tests never use it.
 */
export function planeOf(plane: ControlPlaneInfo | undefined): ControlPlaneInfo {
  return plane as ControlPlaneInfo;
}

/** A namespace name no other test file uses. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}
