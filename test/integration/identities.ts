// Test identities for the shared control plane: client certificates signed by its CA (the
// apiserver maps CN to the user name and each O to a group), each with its own kubeconfig.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import type { ControlPlaneInfo } from "./control-plane.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import { issue } from "./pki.ts";

const run = promisify(execFile);

export interface IdentityOptions {
  readonly user: string;
  readonly groups?: readonly string[];
  /** Validity in days; negative issues an already expired certificate. */
  readonly days?: number;
  /** Trust this CA file instead of the control plane's (to test a wrong CA). */
  readonly caFile?: string;
  /** Point at this server instead (to test an unreachable one). */
  readonly server?: string;
}

/** Issues a client certificate for a user and returns the path of a kubeconfig using it. */
export async function identityKubeconfig(
  plane: ControlPlaneInfo,
  options: IdentityOptions,
): Promise<string> {
  const name = `${options.user.replace(/[^a-zA-Z0-9-]/g, "-")}-${randomUUID().slice(0, 8)}`;
  const subject = [...(options.groups ?? []).map((g) => `/O=${g}`), `/CN=${options.user}`].join("");
  const pair = await issue(
    { dir: plane.pkiDir, ca: { cert: plane.caCert, key: plane.caKey } },
    {
      name,
      subject,
      usage: "client",
      ...(options.days === undefined ? {} : { days: options.days }),
    },
  );
  const path = join(plane.dir, `${name}.kubeconfig`);
  await writeKubeconfig(path, {
    server: options.server ?? plane.server,
    caFile: options.caFile ?? plane.caCert,
    user: options.user,
    ...pair,
  });
  return path;
}

/** Runs kubectl against the control plane (admin unless `kubeconfig` says otherwise). */
export async function kubectl(
  plane: ControlPlaneInfo,
  args: readonly string[],
  kubeconfig = plane.kubeconfig,
): Promise<string> {
  try {
    const { stdout } = await run(plane.kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`kubectl ${args.join(" ")} failed: ${stderr}`, { cause: error });
  }
}
