#!/usr/bin/env node
// Runs the compiled CLI when it exists (published package), else the TypeScript sources
// directly: Node 24 strips erasable types itself, so a checkout needs no build step.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
const fromSources = !existsSync(compiled);
const [major = 0] = process.versions.node.split(".").map(Number);
if (fromSources && major < 23) {
  // Checkouts run TypeScript directly, which Node only does from 23.6 on; the project pins
  // Node 24 as a devDependency, which npm scripts and npx put first on PATH.
  process.stderr.write(
    `tenet: this checkout runs on Node 24 (found ${process.version}); use \`npx tenet\` or \`npm start\` after \`npm ci\`.\n`,
  );
  process.exit(2);
}
// `tenet scan ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const entry = fromSources ? new URL("../src/cli/main.ts", import.meta.url) : compiled;
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
