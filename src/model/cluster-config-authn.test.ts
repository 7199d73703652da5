import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../test/helpers/inventory.ts";
import { anonymousAuthOf, authorizersOf } from "./cluster-config-authn.ts";
import { clusterConfigOf } from "./cluster-config.ts";
import type { KubeObject } from "./kube-object.ts";

const flagsFile = (...args: string[]): KubeObject => ({
  apiVersion: "tenet.dev/v1alpha1",
  kind: "KubeApiserverFlags",
  metadata: { name: "f" },
  args,
});
const authn: KubeObject = {
  apiVersion: "apiserver.config.k8s.io/v1",
  kind: "AuthenticationConfiguration",
  metadata: { name: "authn" },
  anonymous: { enabled: true, conditions: [{ path: "/livez" }] },
};
function first(...objects: KubeObject[]) {
  const config = clusterConfigOf(inventoryOf(...objects));
  if (!config.apiservers.observed) throw new Error("no apiserver");
  return { apiserver: config.apiservers.items[0], config };
}

describe("anonymousAuthOf", () => {
  it("is on by default under a real authorizer, off under AlwaysAllow", () => {
    const rbac = first(flagsFile("--authorization-mode=RBAC"));
    expect(anonymousAuthOf(rbac.apiserver, rbac.config)).toMatchObject({ state: "on", paths: [] });
    const open = first(flagsFile());
    expect(anonymousAuthOf(open.apiserver, open.config).state).toBe("off");
  });

  it("prefers the AuthenticationConfiguration's section", () => {
    const { apiserver, config } = first(flagsFile("--authentication-config=/etc/a.yaml"), authn);
    expect(anonymousAuthOf(apiserver, config)).toEqual({
      state: "on",
      paths: ["/livez"],
      why: "enabled by the AuthenticationConfiguration",
    });
  });
});

describe("authorizersOf", () => {
  it("reads the flag, the default, and says when the file is missing", () => {
    const flag = first(flagsFile("--authorization-mode=Node", "--authorization-mode=RBAC"));
    expect(authorizersOf(flag.apiserver, flag.config)).toEqual({
      from: "flag",
      modes: ["Node", "RBAC"],
    });
    const none = first(flagsFile());
    expect(authorizersOf(none.apiserver, none.config)).toEqual({
      from: "default",
      modes: ["AlwaysAllow"],
    });
    const missing = first(flagsFile("--authorization-config=/etc/z.yaml"));
    expect(authorizersOf(missing.apiserver, missing.config).from).toBe("unknown");
  });
});
