import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSources } from "./index.ts";
import { loadSources as loadWithFs } from "./load-sources.ts";
import { nodeFs, type SourceFs } from "./source-fs.ts";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/sources", import.meta.url));
/** Fixture paths as a user types them: relative to the working directory. */
const fixture = (name: string): string => relative(process.cwd(), join(FIXTURES, name));

const names = (result: Awaited<ReturnType<typeof loadSources>>) =>
  result.objects.map(({ object }) => object.metadata.name);

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "tenet-sources-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("loadSources", () => {
  it("loads files of every accepted shape, keeping each object's file and line", async () => {
    const inputs = ["helm-output.yaml", "kubectl-list.yaml", "pod-list.json"].map(fixture);
    const result = await loadSources(inputs);
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(inputs);
    expect(result.objects).toHaveLength(8);
    expect(result.objects[3]?.location).toEqual({ file: inputs[1], line: 3, column: 3 });
    expect(result.objects[7]?.location).toEqual({ file: inputs[2], line: 10, column: 5 });
  });

  it("walks a directory recursively in sorted order, skipping hidden, node_modules and charts", async () => {
    const root = join(scratch, "tree");
    await cp(join(FIXTURES, "tree"), root, { recursive: true });
    await mkdir(join(root, "node_modules", "pkg"), { recursive: true });
    await writeFile(
      join(root, "node_modules", "pkg", "dep.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dep}\n",
    );
    await mkdir(join(root, ".hidden"), { recursive: true });
    await writeFile(
      join(root, ".hidden", "h.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: h}\n",
    );
    const result = await loadSources([root]);
    expect(names(result)).toEqual(["a", "b", "c", "d"]);
    expect(result.files).toEqual(
      ["a.yml", "b.yaml", "sub/c.json", "z-last/d.YAML"].map((file) => join(root, file)),
    );
    expect(result.diagnostics).toMatchObject([
      { code: "helm-chart", severity: "warning", file: join(root, "chart") },
    ]);
  });

  it("follows symlinks once and reads a file reached twice once", async () => {
    const root = join(scratch, "links");
    await mkdir(join(root, "real"), { recursive: true });
    await writeFile(
      join(root, "real", "x.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    await symlink(join(root, "real"), join(root, "alias"));
    await symlink(root, join(root, "real", "loop"));
    const result = await loadSources([root, join(root, "real", "x.yaml")]);
    expect(names(result)).toEqual(["x"]);
    expect(result.diagnostics).toEqual([]);
  });

  it("reports a missing path and an empty directory, and goes on", async () => {
    const empty = join(scratch, "empty");
    await mkdir(empty, { recursive: true });
    const missing = join(scratch, "no-such-file.yaml");
    const result = await loadSources([missing, empty, fixture("array.json")]);
    expect(names(result)).toEqual(["shop", "settings"]);
    expect(result.diagnostics).toMatchObject([
      { code: "not-found", severity: "error", file: missing },
      { code: "empty-directory", severity: "warning", file: empty },
    ]);
  });

  it("reports a broken symlink inside a directory", async () => {
    const root = join(scratch, "broken");
    await mkdir(root, { recursive: true });
    await symlink(join(root, "gone.yaml"), join(root, "link.yaml"));
    const result = await loadSources([root]);
    expect(result.diagnostics).toMatchObject([
      { code: "not-found", severity: "error", file: join(root, "link.yaml") },
      { code: "empty-directory", severity: "warning", file: root },
    ]);
  });

  it("reads `-` from stdin as `<stdin>`", async () => {
    const stdin = Readable.from([
      "apiVersion: v1\nkind: Namespace\n",
      "metadata: {name: piped}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: two}\n",
    ]);
    const result = await loadSources(["-"], { stdin });
    expect(names(result)).toEqual(["piped", "two"]);
    expect(result.files).toEqual(["<stdin>"]);
    expect(result.objects[1]?.location).toEqual({ file: "<stdin>", line: 5, column: 1 });
  });

  it("refuses stdin over the size limit without reading it all", async () => {
    const chunks = (function* () {
      for (let i = 0; i < 1000; i++) yield "x".repeat(1024);
    })();
    const result = await loadSources(["-"], { stdin: Readable.from(chunks), maxFileBytes: 4096 });
    expect(result.diagnostics).toMatchObject([{ code: "too-large", file: "<stdin>" }]);
  });

  it("skips a file over the size limit and loads the others", async () => {
    const result = await loadSources([fixture("helm-output.yaml"), fixture("array.json")], {
      maxFileBytes: 400,
    });
    expect(names(result)).toEqual(["shop", "settings"]);
    expect(result.diagnostics).toMatchObject([
      { code: "too-large", severity: "error", file: fixture("helm-output.yaml") },
    ]);
    expect(result.files).toEqual([fixture("array.json")]);
    expect(result.diagnostics[0]?.message).toMatch(/MiB, over the 0\.0 MiB limit/);
  });

  it("reports a binary file and a byte-order mark is no obstacle", async () => {
    const binary = join(scratch, "logo.yaml");
    await writeFile(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    const bom = join(scratch, "bom.json");
    await writeFile(bom, `\uFEFF{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bom"}}`);
    const result = await loadSources([binary, bom]);
    expect(names(result)).toEqual(["bom"]);
    expect(result.diagnostics).toMatchObject([
      { code: "binary-file", severity: "error", file: binary },
    ]);
  });

  it("refuses text that is not UTF-8, naming the line", async () => {
    const latin1 = join(scratch, "latin1.yaml");
    await writeFile(
      latin1,
      Buffer.from("apiVersion: v1\nkind: Namespace\nmetadata: {name: caf\xe9}\n", "latin1"),
    );
    const result = await loadSources([latin1]);
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { code: "invalid-utf8", severity: "error", file: latin1, line: 3, column: 21 },
    ]);
  });

  it("reports an unreadable file (permission denied) and loads the others", async () => {
    // Permissions do not stop root, which CI may be: the denial comes from the file system.
    const denied = fixture("kubectl-list.yaml");
    const fs: SourceFs = {
      ...nodeFs,
      readFile: (path, maxBytes) =>
        path === denied
          ? Promise.reject(
              Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }),
            )
          : nodeFs.readFile(path, maxBytes),
    };
    const result = await loadWithFs([fixture("array.json"), denied], {}, fs);
    expect(names(result)).toEqual(["shop", "settings"]);
    expect(result.diagnostics).toEqual([
      {
        severity: "error",
        code: "unreadable",
        message: "could not be read: permission denied",
        file: denied,
      },
    ]);
  });

  it("reports a directory that cannot be listed and walks the rest", async () => {
    const root = join(scratch, "walk-denied");
    await mkdir(join(root, "open"), { recursive: true });
    await mkdir(join(root, "shut"), { recursive: true });
    await writeFile(
      join(root, "open", "o.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: o}\n",
    );
    const fs: SourceFs = {
      ...nodeFs,
      readdir: (path) =>
        path === join(root, "shut")
          ? Promise.reject(Object.assign(new Error("EACCES"), { code: "EACCES" }))
          : nodeFs.readdir(path),
    };
    const result = await loadWithFs([root], {}, fs);
    expect(names(result)).toEqual(["o"]);
    expect(result.diagnostics).toEqual([
      {
        severity: "error",
        code: "unreadable",
        message: "could not be read: permission denied",
        file: join(root, "shut"),
      },
    ]);
  });

  it("reports a real permission error when the process is subject to permissions", async () => {
    const locked = join(scratch, "locked.yaml");
    await writeFile(locked, "apiVersion: v1\nkind: Namespace\nmetadata: {name: locked}\n");
    await chmod(locked, 0o000);
    const result = await loadSources([locked]);
    const isRoot = process.getuid?.() === 0;
    // As root the read succeeds; either way the outcome is exactly one of the two.
    expect(result.diagnostics.map((d) => d.code)).toEqual(isRoot ? [] : ["unreadable"]);
    expect(names(result)).toEqual(isRoot ? ["locked"] : []);
  });

  it("keeps going past every kind of bad file in one run", async () => {
    const inputs = [
      "malformed-middle.yaml",
      "not-an-object.json",
      "empty.yaml",
      "missing-kind.yaml",
      "kubectl-list.yaml",
    ].map(fixture);
    const result = await loadSources(inputs);
    expect(result.files).toEqual(inputs);
    expect(names(result)).toEqual(["before", "after", "fine", "web-7d4b9c", "kubernetes", "web"]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line ?? ""} ${d.code}`)).toEqual([
      `${inputs[0]}:11 yaml-syntax`,
      `${inputs[1]}:1 not-an-object`,
      `${inputs[2]}: empty-file`,
      `${inputs[3]}:1 missing-kind`,
      `${inputs[3]}:5 missing-kind`,
    ]);
  });
});
