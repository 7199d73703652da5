import { readFile } from "node:fs/promises";
import { generate } from "selfsigned";
import type { TlsMaterial } from "./http-server.ts";

export interface TlsOptions {
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly clientCaFile?: string;
  /** Host names and IPs for a generated certificate. */
  readonly hosts: readonly string[];
}

/** What `tenet serve` will present, and whether it made the certificate itself. */
export interface ServingTls extends TlsMaterial {
  readonly generated: boolean;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/; // dotted quad: a SAN of type IP, not DNS

/**
 * Reads the serving certificate and key, or makes a self-signed one (ECDSA P-256, one year)
 * for the given hosts. Tenet serves TLS only: there is no plain-HTTP mode to fall back to.
 */
export async function servingTls(options: TlsOptions): Promise<ServingTls> {
  const clientCa =
    options.clientCaFile === undefined ? undefined : await readFile(options.clientCaFile, "utf8");
  const withCa = clientCa === undefined ? {} : { clientCa };
  if (options.certFile !== undefined && options.keyFile !== undefined) {
    const [cert, key] = await Promise.all([
      readFile(options.certFile, "utf8"),
      readFile(options.keyFile, "utf8"),
    ]);
    return { cert, key, generated: false, ...withCa };
  }
  const [first = "localhost"] = options.hosts;
  const pems = await generate([{ name: "commonName", value: first }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: options.hosts.map((host) =>
          IPV4.test(host) ? { type: 7, ip: host } : { type: 2, value: host },
        ),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private, generated: true, ...withCa };
}
