import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where bench/install-peers.sh puts the peer tools, outside the repository. */
export const PEER_BIN = join(
  process.env["TENET_CACHE"] ?? join(homedir(), ".cache", "tenet"),
  "bin",
);

/** The path of an installed peer tool, or undefined (the benchmark then says n/a). */
export function peerBinary(name: string): string | undefined {
  const path = join(PEER_BIN, name);
  return existsSync(path) ? path : undefined;
}
