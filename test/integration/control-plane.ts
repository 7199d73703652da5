// A real Kubernetes control plane for tests: etcd + kube-apiserver (+ kube-controller-manager)
// on 127.0.0.1 with random free ports, a throwaway CA, an admin kubeconfig, audit logging and
// encryption at rest. Started once per test run (global-setup.ts) or by `npm run k8s:up`.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { request } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Binaries } from "./binaries.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import { createCa, issue, serviceAccountKeys } from "./pki.ts";
import { startProcess, stopProcess, tailOf, type Managed } from "./processes.ts";

/** What tests need to reach the control plane; plain data, so vitest can `provide` it. */
export interface ControlPlaneInfo {
  readonly dir: string;
  readonly server: string;
  readonly kubeconfig: string;
  readonly caCert: string;
  readonly caKey: string;
  /** The admin's client certificate (group system:masters). */
  readonly adminCert: string;
  readonly adminKey: string;
  /** etcd's client URL (plain HTTP on loopback), to check what is stored at rest. */
  readonly etcdUrl: string;
  readonly pkiDir: string;
  readonly auditLog: string;
  readonly kubernetesVersion: string;
  readonly kubectl: string;
  /** Process-group leaders, for `npm run k8s:down`. */
  readonly pids: readonly number[];
  /** Seconds from spawning kube-apiserver to `/readyz` answering ok. */
  readonly readySeconds: number;
}

export interface ControlPlane {
  readonly info: ControlPlaneInfo;
  /** Stops every process (SIGTERM, then SIGKILL) and waits for them to exit. */
  readonly stop: () => Promise<void>;
}

export interface StartControlPlaneOptions {
  readonly binaries: Binaries;
  /** Working directory (certificates, configs, logs, etcd data); a new temp dir by default. */
  readonly dir?: string;
  /** Default true: default ServiceAccounts, ClusterRole aggregation, namespace deletion. */
  readonly controllerManager?: boolean;
  /** Send audit events (blocking mode) to this HTTPS URL, whose certificate `caFile` signs. */
  readonly auditWebhook?: { readonly url: string; readonly caFile: string };
  /** Audit policy rules placed before the default Metadata rule (e.g. `level: Request`). */
  readonly auditPolicyRules?: readonly unknown[];
  readonly readyTimeoutMs?: number;
  /** Leave the processes running after this Node process exits. */
  readonly detached?: boolean;
}

export async function startControlPlane(options: StartControlPlaneOptions): Promise<ControlPlane> {
  const { binaries } = options;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "tenet-k8s-")));
  const pkiDir = join(dir, "pki");
  await mkdir(pkiDir, { recursive: true });
  await mkdir(join(dir, "logs"), { recursive: true });
  const [etcdPort, etcdPeerPort, apiPort] = await freePorts(3);
  const server = `https://127.0.0.1:${apiPort}`;

  const pki = await createCa(pkiDir);
  const serving = await issue(pki, {
    name: "apiserver",
    subject: "/CN=kube-apiserver",
    usage: "server",
    altNames: "IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc",
  });
  const admin = await issue(pki, {
    name: "admin",
    subject: "/O=system:masters/CN=admin",
    usage: "client",
  });
  const sa = await serviceAccountKeys(pki);
  const kubeconfig = join(dir, "admin.kubeconfig");
  await writeKubeconfig(kubeconfig, { server, caFile: pki.ca.cert, user: "admin", ...admin });

  const configs = await writeConfigs(dir, options.auditWebhook, options.auditPolicyRules ?? []);
  const started: Managed[] = [];
  const stop = async (): Promise<void> => {
    for (const managed of [...started].reverse()) await stopProcess(managed);
  };
  const launch = (name: string, command: string, args: readonly string[]): Managed => {
    const managed = startProcess({
      name,
      command,
      args,
      logFile: join(dir, "logs", `${name}.log`),
      ...(options.detached === undefined ? {} : { detached: options.detached }),
    });
    started.push(managed);
    return managed;
  };

  try {
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    launch("etcd", binaries.etcd, [
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      "--unsafe-no-fsync",
      "--log-level=warn",
    ]);
    const apiserverStart = Date.now();
    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${serving.cert}`,
      `--tls-private-key-file=${serving.key}`,
      `--client-ca-file=${pki.ca.cert}`,
      "--anonymous-auth=false",
      "--authorization-mode=Node,RBAC",
      "--service-account-issuer=https://kubernetes.default.svc",
      `--service-account-key-file=${sa.cert}`,
      `--service-account-signing-key-file=${sa.key}`,
      "--service-cluster-ip-range=10.0.0.0/24",
      `--audit-policy-file=${configs.auditPolicy}`,
      `--audit-log-path=${configs.auditLog}`,
      "--audit-log-maxbackup=1",
      ...configs.auditWebhookFlags,
      `--encryption-provider-config=${configs.encryption}`,
      "--profiling=false",
      // As kubeadm sets it: tests apply privileged workloads for Tenet to find.
      "--allow-privileged=true",
      `--cert-dir=${join(dir, "cert-dir")}`,
    ];
    // The flags as a file, so that tests can scan the control plane's own configuration.
    await writeFile(join(dir, "kube-apiserver.flags"), `${apiserverArgs.join("\n")}\n`);
    const apiserver = launch("kube-apiserver", binaries.kubeApiserver, apiserverArgs);
    const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
    await waitReady({ server, caFile: pki.ca.cert, ...admin }, apiserver, readyTimeoutMs);
    const readySeconds = (Date.now() - apiserverStart) / 1000;

    if (options.controllerManager ?? true) {
      const kcm = await issue(pki, {
        name: "controller-manager",
        subject: "/CN=system:kube-controller-manager",
        usage: "client",
      });
      const kcmConfig = join(dir, "controller-manager.kubeconfig");
      await writeKubeconfig(kcmConfig, {
        server,
        caFile: pki.ca.cert,
        user: "controller-manager",
        ...kcm,
      });
      launch("kube-controller-manager", binaries.kubeControllerManager, [
        `--kubeconfig=${kcmConfig}`,
        `--authentication-kubeconfig=${kcmConfig}`,
        `--authorization-kubeconfig=${kcmConfig}`,
        "--bind-address=127.0.0.1",
        "--secure-port=0",
        "--leader-elect=false",
        "--use-service-account-credentials=true",
        `--service-account-private-key-file=${sa.key}`,
        `--root-ca-file=${pki.ca.cert}`,
        `--cluster-signing-cert-file=${pki.ca.cert}`,
        `--cluster-signing-key-file=${pki.ca.key}`,
        "--controllers=*",
      ]);
    }
    const info: ControlPlaneInfo = {
      dir,
      server,
      kubeconfig,
      caCert: pki.ca.cert,
      caKey: pki.ca.key,
      adminCert: admin.cert,
      adminKey: admin.key,
      etcdUrl,
      pkiDir,
      auditLog: configs.auditLog,
      kubernetesVersion: binaries.kubernetesVersion,
      kubectl: binaries.kubectl,
      pids: started.map((managed) => managed.pid),
      readySeconds,
    };
    return { info, stop };
  } catch (error) {
    const logs = started.map((m) => `--- ${m.name} (${m.logFile}):\n${tailOf(m.logFile)}`);
    await stop();
    throw new Error(`control plane did not start: ${String(error)}\n${logs.join("\n")}`, {
      cause: error,
    });
  }
}

interface Configs {
  readonly auditPolicy: string;
  readonly auditLog: string;
  readonly auditWebhookFlags: readonly string[];
  readonly encryption: string;
}

async function writeConfigs(
  dir: string,
  webhook: StartControlPlaneOptions["auditWebhook"],
  policyRules: readonly unknown[],
): Promise<Configs> {
  const auditPolicy = join(dir, "audit-policy.yaml");
  await writeFile(
    auditPolicy,
    stringify({
      apiVersion: "audit.k8s.io/v1",
      kind: "Policy",
      omitStages: ["RequestReceived"],
      rules: [
        { level: "None", nonResourceURLs: ["/readyz*", "/livez*", "/healthz*"] },
        ...policyRules,
        // Metadata only: request and response bodies could carry Secret data.
        { level: "Metadata" },
      ],
    }),
  );
  const encryption = join(dir, "encryption-config.yaml");
  await writeFile(
    encryption,
    stringify({
      apiVersion: "apiserver.config.k8s.io/v1",
      kind: "EncryptionConfiguration",
      resources: [
        {
          resources: ["secrets"],
          providers: [
            { secretbox: { keys: [{ name: "key1", secret: randomBytes(32).toString("base64") }] } },
            { identity: {} },
          ],
        },
      ],
    }),
    { mode: 0o600 },
  );
  const auditWebhookFlags: string[] = [];
  if (webhook !== undefined) {
    const config = join(dir, "audit-webhook.kubeconfig");
    await writeKubeconfig(config, {
      server: webhook.url,
      caFile: webhook.caFile,
      user: "apiserver",
    });
    auditWebhookFlags.push(
      `--audit-webhook-config-file=${config}`,
      "--audit-webhook-mode=blocking",
    );
  }
  return { auditPolicy, auditLog: join(dir, "logs", "audit.log"), auditWebhookFlags, encryption };
}

interface ClientTls {
  readonly server: string;
  readonly caFile: string;
  readonly cert: string;
  readonly key: string;
}

/** Polls `/readyz` as admin; the apiserver answers 403 for a while, until RBAC bootstraps. */
async function waitReady(tls: ClientTls, apiserver: Managed, timeoutMs: number): Promise<void> {
  const [ca, cert, key] = await Promise.all(
    [tls.caFile, tls.cert, tls.key].map((f) => readFile(f)),
  );
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (!apiserver.isRunning()) throw new Error("kube-apiserver exited during start-up");
    last = await new Promise<string>((resolve) => {
      const req = request(`${tls.server}/readyz`, { ca, cert, key, timeout: 5_000 }, (res) => {
        res.resume();
        resolve(String(res.statusCode));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error) => resolve(error.message));
      req.end();
    });
    if (last === "200") return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`kube-apiserver not ready after ${timeoutMs} ms (last /readyz: ${last})`);
}

/** Ports the OS says are free now; another process could take one before we bind it (rare). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
      });
      return server;
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
