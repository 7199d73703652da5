import { describe, expect, it } from "vitest";
import { parseManifests } from "../sources/index.ts";
import { toKubernetesYaml } from "./kube-yaml.ts";

describe("toKubernetesYaml", () => {
  it("quotes the strings YAML 1.1 would read as booleans or numbers, so they round-trip", () => {
    const object = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { a: "yes", b: "on", c: "0644", d: "y", e: "no", f: "true" },
    };
    const text = toKubernetesYaml(object);
    const [loaded] = parseManifests(text, "c.yaml").objects;
    expect(loaded?.object).toEqual(object);
  });
});
