import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flagList, flagValue, parseFlags } from "../model/cluster-config-flags.ts";
import { stringsAt } from "../model/fields.ts";
import { parseApiserverFlagsFile } from "./apiserver-flags.ts";

const argsOf = (text: string) => {
  const { objects } = parseApiserverFlagsFile(text, "flags.txt");
  return parseFlags(stringsAt(objects[0]?.object, "args").map((word) => ({ text: word })));
};

describe("parseApiserverFlagsFile", () => {
  it("makes one cluster-scoped KubeApiserverFlags object from the fixture", () => {
    const file = "test/fixtures/cluster-config/kube-apiserver.flags";
    const { objects, diagnostics } = parseApiserverFlagsFile(readFileSync(file, "utf8"), file);
    expect(diagnostics).toEqual([]);
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({
      object: {
        apiVersion: "tenet.dev/v1alpha1",
        kind: "KubeApiserverFlags",
        metadata: { name: "kube-apiserver.flags" },
      },
      location: { file, line: 1 },
    });
    const flags = argsOf(readFileSync(file, "utf8"));
    expect(flagList(flags, "authorization-mode")).toEqual(["Node", "RBAC", "AlwaysAllow"]);
    expect(flagValue(flags, "anonymous-auth")).toBe("true");
    expect(flagValue(flags, "token-auth-file")).toBe("/etc/kubernetes/static tokens.csv");
    expect(flagValue(flags, "audit-log-maxage")).toBe("3");
    expect(flagValue(flags, "advertise-address")).toBe("10.0.0.20");
  });

  it("reports problems with file and line, and keeps the rest", () => {
    const { objects, diagnostics } = parseApiserverFlagsFile(
      "--profiling=false\nstray\n--audit-log-path='/var/log/a\n",
      "f.flags",
    );
    expect(diagnostics).toEqual([
      {
        severity: "error",
        code: "apiserver-flags",
        message: "unterminated ' quote",
        file: "f.flags",
        line: 3,
      },
      {
        severity: "warning",
        code: "apiserver-flags",
        message: 'unexpected argument "stray"',
        file: "f.flags",
        line: 2,
      },
    ]);
    expect(stringsAt(objects[0]?.object, "args")).toContain("--profiling=false");
  });

  it("warns about an empty file but still reports the apiserver as observed", () => {
    const { objects, diagnostics } = parseApiserverFlagsFile("# nothing\n", "empty.flags");
    expect(objects).toHaveLength(1);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["apiserver-flags-empty"]);
  });
});
