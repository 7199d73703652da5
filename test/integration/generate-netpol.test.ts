import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/cli/commands/netpol-judge.ts";
import { parseAssertions } from "../../src/cli/commands/netpol-verify.ts";
import { buildNetpolEngine } from "../../src/engines/netpol/engine.ts";
import { generateNetpol, type GenerateNetpolResult } from "../../src/generate/netpol/generate.ts";
import { buildInventory, type LoadedObject } from "../../src/model/inventory.ts";
import { toKubernetesYaml } from "../../src/model/kube-yaml.ts";
import { readFlowFile } from "../../src/sources/flows/read-flows.ts";
import { loadSources } from "../../src/sources/index.ts";
import { kubectl } from "./identities.ts";
import { planeOf, sharedControlPlane, uniqueNamespace } from "./shared.ts";

const shared = sharedControlPlane();
const fixtures = new URL("../fixtures/generate/netpol/", import.meta.url).pathname;
const demo = new URL("../../examples/demo", import.meta.url).pathname;

describe.skipIf(shared === undefined)("tenet generate netpol for the demo environment", () => {
  const plane = planeOf(shared);
  const ns = uniqueNamespace("gen-netpol");
  let existing: readonly LoadedObject[];
  let result: GenerateNetpolResult;

  beforeAll(async () => {
    existing = (await loadSources([demo], {})).objects;
    const flows = await readFlowFile(`${fixtures}demo-flows.csv`);
    expect(flows.rejected).toEqual([]);
    result = generateNetpol({ existing, flows: flows.flows, intents: [], target: "kubernetes" });
    await kubectl(plane, ["create", "namespace", ns]);
  }, 60_000);

  afterAll(async () => {
    await kubectl(plane, ["delete", "namespace", ns, "--wait=false"]);
  });

  it("the engine proves every recorded flow and the assertion file holds", async () => {
    expect(result.rejected).toEqual([]);
    expect(result.proof.failures).toEqual([]);
    expect(result.proof.checked).toBeGreaterThan(8);
    const engine = buildNetpolEngine(
      buildInventory([
        ...existing,
        ...result.objects.map((object) => ({ object, location: { file: "generated" } })),
      ]).inventory,
    );
    const file = `${fixtures}demo-assertions.yaml`;
    const failed = parseAssertions(await readFile(file, "utf8"), file).filter(
      (a) => judge(engine, a.from, a.to, a.port).allowed !== (a.expect === "allow"),
    );
    expect(failed).toEqual([]);
  });

  it("the apiserver accepts every generated NetworkPolicy (server-side dry run)", async () => {
    // Validation is per object: the same objects in a namespace of this run's own.
    const objects = result.objects.map((object) => ({
      ...object,
      metadata: {
        ...object.metadata,
        namespace: ns,
        name: `${object.metadata.namespace ?? ""}-${object.metadata.name}`,
      },
    }));
    const path = join(plane.dir, `${ns}.yaml`);
    await writeFile(path, objects.map((o) => toKubernetesYaml(o)).join("---\n"));
    const out = await kubectl(plane, ["apply", "--dry-run=server", "-f", path]);
    expect(out.trim().split("\n")).toHaveLength(objects.length);
    expect(out).toContain("(server dry run)");
  }, 60_000);
});
