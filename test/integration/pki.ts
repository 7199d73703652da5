// Certificates for a throwaway control plane, made with the openssl command line (no npm
// package can sign X.509 certificates with Node's crypto alone). EC P-256 keys: fast to generate.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface Pki {
  readonly dir: string;
  readonly ca: KeyPair;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run("openssl", args);
  } catch (error) {
    throw new Error(
      `openssl ${args[0] ?? ""} failed: ${(error as { stderr?: string }).stderr ?? ""}`,
      {
        cause: error,
      },
    );
  }
}

export async function createCa(dir: string): Promise<Pki> {
  const ca = { cert: join(dir, "ca.crt"), key: join(dir, "ca.key") };
  await openssl(
    ["req", "-x509", ...EC, "-keyout", ca.key, "-out", ca.cert, "-days", "3650"].concat([
      "-subj",
      "/CN=tenet-test-ca",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]),
  );
  return { dir, ca };
}

export interface IssueOptions {
  /** File name stem under the PKI directory. */
  readonly name: string;
  /** Subject, e.g. `/O=system:masters/CN=admin` (O = group, CN = user for client certs). */
  readonly subject: string;
  readonly usage: "client" | "server";
  /** Subject alternative names for a server certificate, e.g. `IP:127.0.0.1,DNS:localhost`. */
  readonly altNames?: string;
  /** Validity in days; negative makes a certificate that has already expired. */
  readonly days?: number;
}

/** Issues a certificate signed by the PKI's CA. */
export async function issue(pki: Pki, options: IssueOptions): Promise<KeyPair> {
  const base = join(pki.dir, options.name);
  const pair = { cert: `${base}.crt`, key: `${base}.key` };
  const extensions = [
    `extendedKeyUsage=${options.usage === "client" ? "clientAuth" : "serverAuth"}`,
    "keyUsage=critical,digitalSignature",
    ...(options.altNames === undefined ? [] : [`subjectAltName=${options.altNames}`]),
  ];
  await writeFile(`${base}.ext`, `${extensions.join("\n")}\n`);
  await openssl([
    "req",
    "-new",
    ...EC,
    "-keyout",
    pair.key,
    "-out",
    `${base}.csr`,
    "-subj",
    options.subject,
  ]);
  await openssl([
    "x509",
    "-req",
    "-in",
    `${base}.csr`,
    "-CA",
    pki.ca.cert,
    "-CAkey",
    pki.ca.key,
    "-set_serial",
    `0x${randomSerial()}`,
    "-days",
    String(options.days ?? 365),
    "-extfile",
    `${base}.ext`,
    "-out",
    pair.cert,
  ]);
  return pair;
}

/** An EC key pair for signing ServiceAccount tokens. */
export async function serviceAccountKeys(pki: Pki): Promise<KeyPair> {
  const pair = { cert: join(pki.dir, "sa.pub"), key: join(pki.dir, "sa.key") };
  await openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", pair.key]);
  await openssl(["ec", "-in", pair.key, "-pubout", "-out", pair.cert]);
  return pair;
}

function randomSerial(): string {
  // Distinct serials per certificate: the same CA issues many in a test run, in parallel.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0"),
  )
    .join("")
    .replace(/^0/, "1");
}
