import { describe, expect, it } from "vitest";
import { parseManifests } from "./index.ts";

describe("control-plane configuration files", () => {
  it("loads an EncryptionConfiguration without metadata, named after its file's path", () => {
    const text =
      "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n";
    const { objects, diagnostics } = parseManifests(text, "cp/encryption-config.yaml");
    expect(diagnostics).toEqual([]);
    expect(objects.map((loaded) => loaded.object.metadata.name)).toEqual([
      "cp/encryption-config.yaml",
    ]);
  });

  it("keeps two nodes' files of the same base name apart", () => {
    const text = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n";
    const names = ["cp-1/audit-policy.yaml", "cp-2/audit-policy.yaml"].map(
      (file) => parseManifests(text, file).objects[0]?.object.metadata.name,
    );
    expect(names).toEqual(["cp-1/audit-policy.yaml", "cp-2/audit-policy.yaml"]);
  });

  it("still requires metadata.name of API objects", () => {
    const { objects, diagnostics } = parseManifests("apiVersion: v1\nkind: ConfigMap\n", "cm.yaml");
    expect(objects).toEqual([]);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["missing-name"]);
  });
});
