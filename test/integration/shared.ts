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
