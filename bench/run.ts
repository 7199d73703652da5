// `npm run bench`: every benchmark of the project, one after the other (each in its own
// process, so that one's memory does not weigh on the next). Each writes its results into its
// own folder under bench/. Pass a name to run one: `npm run bench -- scan`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${here}${entry.name}/run.ts`))
  .map((entry) => entry.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

spawnSync("bash", [`${here}install-peers.sh`], { stdio: "inherit" });
let failed = 0;
for (const suite of suites) {
  process.stdout.write(`\n== bench/${suite}\n`);
  const result = spawnSync(process.execPath, [`${here}${suite}/run.ts`], { stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
