import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { apiserverTokenAuthFile } from "./apiserver-token-auth-file.ts";

const flagsFile = (...args: string[]): KubeObject => ({
  apiVersion: "tenet.dev/v1alpha1",
  kind: "KubeApiserverFlags",
  metadata: { name: "apiserver.flags" },
  args,
});
const judge = (...objects: KubeObject[]) => apiserverTokenAuthFile.evaluate(contextOf(objects))[0];

describe("apiserver-token-auth-file", () => {
  it("passes without static credential files", () => {
    expect(judge(flagsFile("--anonymous-auth=false"))?.status).toBe("pass");
    expect(judge(flagsFile("--token-auth-file="))?.status).toBe("pass");
  });

  it("fails a token file given either way, and a password file", () => {
    expect(judge(flagsFile("--token-auth-file", "/etc/tokens.csv"))).toMatchObject({
      status: "fail",
      evidence: { flags: ["--token-auth-file"] },
    });
    expect(judge(flagsFile("--basic-auth-file=/etc/passwords.csv"))?.status).toBe("fail");
  });

  it("skips when no apiserver was observed", () => {
    expect(judge()?.status).toBe("skip");
  });
});
