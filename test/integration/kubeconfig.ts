// Kubeconfig files for the test control plane's identities.
import { writeFile } from "node:fs/promises";
import { stringify } from "yaml";

export interface KubeconfigSpec {
  readonly server: string;
  readonly caFile: string;
  readonly user: string;
  readonly cert?: string;
  readonly key?: string;
  readonly token?: string;
  /** Context name; `tenet-test` by default. */
  readonly context?: string;
}

export async function writeKubeconfig(path: string, spec: KubeconfigSpec): Promise<void> {
  const context = spec.context ?? "tenet-test";
  const user: Record<string, string> = {};
  if (spec.cert !== undefined) user["client-certificate"] = spec.cert;
  if (spec.key !== undefined) user["client-key"] = spec.key;
  if (spec.token !== undefined) user.token = spec.token;
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "tenet-test",
        cluster: { server: spec.server, "certificate-authority": spec.caFile },
      },
    ],
    users: [{ name: spec.user, user }],
    contexts: [{ name: context, context: { cluster: "tenet-test", user: spec.user } }],
    "current-context": context,
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
