import { describe, expect, it } from "vitest";
import { parseManifests } from "./index.ts";

describe("control-plane configuration files", () => {
  it("loads an EncryptionConfiguration without metadata, named after its file", () => {
    const text =
      "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n";
    const { objects, diagnostics } = parseManifests(text, "cp/encryption-config.yaml");
    expect(diagnostics).toEqual([]);
    expect(objects.map((loaded) => loaded.object.metadata.name)).toEqual([
      "encryption-config.yaml",
    ]);
  });

  it("still requires metadata.name of API objects", () => {
    const { objects, diagnostics } = parseManifests("apiVersion: v1\nkind: ConfigMap\n", "cm.yaml");
    expect(objects).toEqual([]);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["missing-name"]);
  });
});
