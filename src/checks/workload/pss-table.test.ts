// The official Pod Security Standards table (Kubernetes v1.36), restated as data, and a property:
// over generated pods and pinned versions, exactly the controls the table forbids fail. The
// predicates below are written from the table, not from the controls, so the two must agree.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextOf } from "../../../test/helpers/inventory.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import type { Check } from "../check.ts";
import { pssBaselineChecks, pssRestrictedChecks } from "./index.ts";

const KINDS = ["initContainers", "containers", "ephemeralContainers"] as const;
const DEFAULT_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];
const SAFE_SYSCTLS: readonly (readonly [string, number])[] = [
  ["kernel.shm_rmid_forced", 0],
  ["net.ipv4.ip_local_port_range", 0],
  ["net.ipv4.tcp_syncookies", 0],
  ["net.ipv4.ping_group_range", 0],
  ["net.ipv4.ip_unprivileged_port_start", 0],
  ["net.ipv4.ip_local_reserved_ports", 27],
  ["net.ipv4.tcp_keepalive_time", 29],
  ["net.ipv4.tcp_fin_timeout", 29],
  ["net.ipv4.tcp_keepalive_intvl", 29],
  ["net.ipv4.tcp_keepalive_probes", 29],
  ["net.ipv4.tcp_rmem", 32],
  ["net.ipv4.tcp_wmem", 32],
];
const SELINUX_TYPES: readonly (readonly [string, number])[] = [
  ["", 0],
  ["container_t", 0],
  ["container_init_t", 0],
  ["container_kvm_t", 0],
  ["container_engine_t", 31],
];
const RESTRICTED_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
const PROFILE_TYPES = ["RuntimeDefault", "Localhost"];

interface SeLinux {
  readonly type: string | undefined;
  readonly user: string | undefined;
  readonly role: string | undefined;
}

interface GenContainer {
  readonly kind: (typeof KINDS)[number];
  readonly privileged: boolean | undefined;
  readonly hostProcess: boolean | undefined;
  readonly add: readonly string[] | undefined;
  readonly drop: readonly string[] | undefined;
  readonly hostPort: number | undefined;
  readonly probeHost: string | undefined;
  readonly hookHost: string | undefined;
  readonly seccomp: string | undefined;
  readonly appArmor: string | undefined;
  readonly seLinux: SeLinux | undefined;
  readonly procMount: string | undefined;
  readonly allowPrivilegeEscalation: boolean | undefined;
  readonly runAsNonRoot: boolean | undefined;
  readonly runAsUser: number | undefined;
}

interface GenPod {
  readonly version: string | undefined;
  readonly hostNetwork: boolean | undefined;
  readonly hostPID: boolean | undefined;
  readonly hostIPC: boolean | undefined;
  readonly hostProcess: boolean | undefined;
  readonly seccomp: string | undefined;
  readonly appArmor: string | undefined;
  readonly appArmorAnnotation: string | undefined;
  readonly seLinux: SeLinux | undefined;
  readonly runAsNonRoot: boolean | undefined;
  readonly runAsUser: number | undefined;
  readonly sysctls: readonly string[];
  readonly volumes: readonly string[];
  readonly os: string | undefined;
  readonly hostUsers: boolean | undefined;
  readonly containers: readonly GenContainer[];
}

/** One row of the official table: its name, level, first version, and what it forbids. */
interface Row {
  readonly control: string;
  readonly level: "baseline" | "restricted";
  readonly since: number;
  readonly fields: readonly string[];
  readonly forbids: (pod: GenPod, minor: number) => boolean;
}

const has = <T>(value: T | undefined, allowed: readonly T[]) =>
  value === undefined || allowed.includes(value);
const badSeLinux = (options: SeLinux | undefined, minor: number) =>
  options !== undefined &&
  (!SELINUX_TYPES.some(([type, since]) => type === (options.type ?? "") && minor >= since) ||
    (options.user ?? "") !== "" ||
    (options.role ?? "") !== "");
const windowsExempt = (pod: GenPod, minor: number) => minor >= 25 && pod.os === "windows";
const userNamespaceRelaxed = (pod: GenPod, minor: number) => minor >= 35 && pod.hostUsers === false;
const anyContainer = (pod: GenPod, test: (container: GenContainer) => boolean) =>
  pod.containers.some(test);

const TABLE: Readonly<Record<string, Row>> = {
  "host-process": {
    control: "HostProcess",
    level: "baseline",
    since: 0,
    fields: [
      "spec.securityContext.windowsOptions.hostProcess",
      "spec.*Containers[*].securityContext.windowsOptions.hostProcess",
    ],
    forbids: (pod) => pod.hostProcess === true || anyContainer(pod, (c) => c.hostProcess === true),
  },
  "host-namespaces": {
    control: "Host Namespaces",
    level: "baseline",
    since: 0,
    fields: ["spec.hostNetwork", "spec.hostPID", "spec.hostIPC"],
    forbids: (pod) => pod.hostNetwork === true || pod.hostPID === true || pod.hostIPC === true,
  },
  "privileged-containers": {
    control: "Privileged Containers",
    level: "baseline",
    since: 0,
    fields: ["spec.*Containers[*].securityContext.privileged"],
    forbids: (pod) => anyContainer(pod, (c) => c.privileged === true),
  },
  "capabilities-baseline": {
    control: "Capabilities",
    level: "baseline",
    since: 0,
    fields: ["spec.*Containers[*].securityContext.capabilities.add"],
    forbids: (pod) =>
      anyContainer(pod, (c) => (c.add ?? []).some((cap) => !DEFAULT_CAPABILITIES.includes(cap))),
  },
  "host-path-volumes": {
    control: "HostPath Volumes",
    level: "baseline",
    since: 0,
    fields: ["spec.volumes[*].hostPath"],
    forbids: (pod) => pod.volumes.includes("hostPath"),
  },
  "host-ports": {
    control: "Host Ports",
    level: "baseline",
    since: 0,
    fields: ["spec.*Containers[*].ports[*].hostPort"],
    forbids: (pod) => anyContainer(pod, (c) => !has(c.hostPort, [0])),
  },
  "host-probes-lifecycle": {
    control: "Host Probes / Lifecycle Hooks",
    level: "baseline",
    since: 34,
    fields: [
      "spec.*Containers[*].{liveness,readiness,startup}Probe.{httpGet,tcpSocket}.host",
      "spec.*Containers[*].lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host",
    ],
    forbids: (pod) => anyContainer(pod, (c) => !has(c.probeHost, [""]) || !has(c.hookHost, [""])),
  },
  "apparmor-profile": {
    control: "AppArmor",
    level: "baseline",
    since: 0,
    fields: [
      "spec.securityContext.appArmorProfile.type",
      "spec.*Containers[*].securityContext.appArmorProfile.type",
      "metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']",
    ],
    forbids: (pod) =>
      !has(pod.appArmor, PROFILE_TYPES) ||
      anyContainer(pod, (c) => !has(c.appArmor, PROFILE_TYPES)) ||
      !(
        has(pod.appArmorAnnotation, ["", "runtime/default"]) ||
        (pod.appArmorAnnotation ?? "").startsWith("localhost/")
      ),
  },
  "selinux-options": {
    control: "SELinux",
    level: "baseline",
    since: 0,
    fields: [
      "spec.securityContext.seLinuxOptions.{type,user,role}",
      "spec.*Containers[*].securityContext.seLinuxOptions.{type,user,role}",
    ],
    forbids: (pod, minor) =>
      badSeLinux(pod.seLinux, minor) || anyContainer(pod, (c) => badSeLinux(c.seLinux, minor)),
  },
  "proc-mount": {
    control: "/proc Mount Type",
    level: "baseline",
    since: 0,
    fields: ["spec.*Containers[*].securityContext.procMount"],
    forbids: (pod, minor) =>
      !userNamespaceRelaxed(pod, minor) && anyContainer(pod, (c) => !has(c.procMount, ["Default"])),
  },
  "seccomp-baseline": {
    control: "Seccomp",
    level: "baseline",
    since: 0,
    fields: [
      "spec.securityContext.seccompProfile.type",
      "spec.*Containers[*].securityContext.seccompProfile.type",
    ],
    // Before v1.19 only the alpha annotations counted, and the generator sets none.
    forbids: (pod, minor) =>
      minor >= 19 &&
      (!has(pod.seccomp, PROFILE_TYPES) ||
        anyContainer(pod, (c) => !has(c.seccomp, PROFILE_TYPES))),
  },
  sysctls: {
    control: "Sysctls",
    level: "baseline",
    since: 0,
    fields: ["spec.securityContext.sysctls[*].name"],
    forbids: (pod, minor) =>
      pod.sysctls.some(
        (name) => !SAFE_SYSCTLS.some(([safe, since]) => safe === name && minor >= since),
      ),
  },
  "volume-types": {
    control: "Volume Types",
    level: "restricted",
    since: 0,
    fields: ["spec.volumes[*]"],
    forbids: (pod) => pod.volumes.some((type) => !RESTRICTED_VOLUMES.includes(type)),
  },
  "privilege-escalation": {
    control: "Privilege Escalation",
    level: "restricted",
    since: 8,
    fields: ["spec.*Containers[*].securityContext.allowPrivilegeEscalation"],
    forbids: (pod, minor) =>
      !windowsExempt(pod, minor) && anyContainer(pod, (c) => c.allowPrivilegeEscalation !== false),
  },
  "run-as-non-root": {
    control: "Running as Non-root",
    level: "restricted",
    since: 0,
    fields: [
      "spec.securityContext.runAsNonRoot",
      "spec.*Containers[*].securityContext.runAsNonRoot",
    ],
    forbids: (pod, minor) =>
      !userNamespaceRelaxed(pod, minor) &&
      (pod.runAsNonRoot === false ||
        anyContainer(pod, (c) => (c.runAsNonRoot ?? pod.runAsNonRoot) !== true)),
  },
  "run-as-non-root-user": {
    control: "Running as Non-root user",
    level: "restricted",
    since: 23,
    fields: ["spec.securityContext.runAsUser", "spec.*Containers[*].securityContext.runAsUser"],
    forbids: (pod, minor) =>
      !userNamespaceRelaxed(pod, minor) &&
      (pod.runAsUser === 0 || anyContainer(pod, (c) => c.runAsUser === 0)),
  },
  "seccomp-restricted": {
    control: "Seccomp",
    level: "restricted",
    since: 19,
    fields: [
      "spec.securityContext.seccompProfile.type",
      "spec.*Containers[*].securityContext.seccompProfile.type",
    ],
    forbids: (pod, minor) =>
      !windowsExempt(pod, minor) &&
      (!has(pod.seccomp, PROFILE_TYPES) ||
        anyContainer(pod, (c) => !PROFILE_TYPES.includes(c.seccomp ?? pod.seccomp ?? ""))),
  },
  "capabilities-restricted": {
    control: "Capabilities",
    level: "restricted",
    since: 22,
    fields: [
      "spec.*Containers[*].securityContext.capabilities.drop",
      "spec.*Containers[*].securityContext.capabilities.add",
    ],
    forbids: (pod, minor) =>
      !windowsExempt(pod, minor) &&
      anyContainer(
        pod,
        (c) =>
          !(c.drop ?? []).includes("ALL") ||
          (c.add ?? []).some((cap) => cap !== "NET_BIND_SERVICE"),
      ),
  },
  "proc-mount-restricted": {
    control: "/proc Mount Type",
    level: "restricted",
    since: 35,
    fields: ["spec.*Containers[*].securityContext.procMount"],
    forbids: (pod) => anyContainer(pod, (c) => !has(c.procMount, ["Default"])),
  },
};

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const seLinux: fc.Arbitrary<SeLinux> = fc.record({
  type: maybe(fc.constantFrom("", "container_t", "container_engine_t", "spc_t")),
  user: maybe(fc.constantFrom("", "system_u")),
  role: maybe(fc.constantFrom("", "system_r")),
});
const profile = maybe(fc.constantFrom("RuntimeDefault", "Localhost", "Unconfined", ""));
const capabilityNames = fc.subarray(["NET_BIND_SERVICE", "CHOWN", "NET_RAW", "SYS_ADMIN", "ALL"]);

const container: fc.Arbitrary<GenContainer> = fc.record({
  kind: fc.constantFrom(...KINDS),
  privileged: maybe(fc.boolean()),
  hostProcess: maybe(fc.boolean()),
  add: maybe(capabilityNames),
  drop: maybe(capabilityNames),
  hostPort: maybe(fc.constantFrom(0, 8080)),
  probeHost: maybe(fc.constantFrom("", "10.0.0.1")),
  hookHost: maybe(fc.constantFrom("", "db")),
  seccomp: profile,
  appArmor: profile,
  seLinux: maybe(seLinux),
  procMount: maybe(fc.constantFrom("Default", "Unmasked")),
  allowPrivilegeEscalation: maybe(fc.boolean()),
  runAsNonRoot: maybe(fc.boolean()),
  runAsUser: maybe(fc.constantFrom(0, 1000)),
});

const genPod: fc.Arbitrary<GenPod> = fc.record({
  version: maybe(
    fc.constantFrom(
      "latest",
      "v1.0",
      "v1.18",
      "v1.22",
      "v1.24",
      "v1.25",
      "v1.30",
      "v1.31",
      "v1.33",
      "v1.34",
      "v1.35",
      "v1.36",
      "v1.40",
      "bogus",
    ),
  ),
  hostNetwork: maybe(fc.boolean()),
  hostPID: maybe(fc.boolean()),
  hostIPC: maybe(fc.boolean()),
  hostProcess: maybe(fc.boolean()),
  seccomp: profile,
  appArmor: profile,
  appArmorAnnotation: maybe(fc.constantFrom("", "runtime/default", "localhost/p", "unconfined")),
  seLinux: maybe(seLinux),
  runAsNonRoot: maybe(fc.boolean()),
  runAsUser: maybe(fc.constantFrom(0, 1000)),
  sysctls: fc.subarray([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_rmem",
    "kernel.msgmax",
  ]),
  volumes: fc.subarray(["emptyDir", "configMap", "image", "hostPath", "nfs", "gitRepo"]),
  os: maybe(fc.constantFrom("linux", "windows")),
  hostUsers: maybe(fc.boolean()),
  containers: fc.array(container, { minLength: 1, maxLength: 3 }),
});

/** Drops keys whose value is undefined, and returns undefined for an object left empty. */
function compact(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

const typed = (type: string | undefined) => (type === undefined ? undefined : compact({ type }));

function securityContext(fields: {
  hostProcess: boolean | undefined;
  seccomp: string | undefined;
  appArmor: string | undefined;
  seLinux: SeLinux | undefined;
  runAsNonRoot: boolean | undefined;
  runAsUser: number | undefined;
}): Record<string, unknown> {
  return {
    windowsOptions: compact({ hostProcess: fields.hostProcess }),
    // A profile object with no type is how "" reaches the API; {} and {type: ""} are equal.
    seccompProfile: fields.seccomp === undefined ? undefined : (typed(fields.seccomp) ?? {}),
    appArmorProfile: fields.appArmor === undefined ? undefined : (typed(fields.appArmor) ?? {}),
    seLinuxOptions:
      fields.seLinux === undefined ? undefined : (compact({ ...fields.seLinux }) ?? {}),
    runAsNonRoot: fields.runAsNonRoot,
    runAsUser: fields.runAsUser,
  };
}

function manifests(generated: GenPod): KubeObject[] {
  const containers: Record<string, unknown[]> = {};
  generated.containers.forEach((c, index) => {
    const spec = compact({
      name: `c${index}`,
      image: "registry.example/app:1",
      ports: c.hostPort === undefined ? undefined : [{ containerPort: 80, hostPort: c.hostPort }],
      livenessProbe:
        c.probeHost === undefined ? undefined : { httpGet: { port: 80, host: c.probeHost } },
      lifecycle:
        c.hookHost === undefined
          ? undefined
          : { preStop: { tcpSocket: { port: 1, host: c.hookHost } } },
      securityContext: compact({
        ...securityContext(c),
        privileged: c.privileged,
        capabilities: compact({ add: c.add, drop: c.drop }),
        procMount: c.procMount,
        allowPrivilegeEscalation: c.allowPrivilegeEscalation,
      }),
    });
    (containers[c.kind] ??= []).push(spec);
  });
  const annotations =
    generated.appArmorAnnotation === undefined
      ? undefined
      : { "container.apparmor.security.beta.kubernetes.io/c0": generated.appArmorAnnotation };
  const labels =
    generated.version === undefined
      ? {}
      : { "pod-security.kubernetes.io/enforce-version": generated.version };
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns", labels } },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "p",
        namespace: "ns",
        ...(annotations === undefined ? {} : { annotations }),
      },
      spec: {
        ...compact({
          hostNetwork: generated.hostNetwork,
          hostPID: generated.hostPID,
          hostIPC: generated.hostIPC,
          hostUsers: generated.hostUsers,
          os: generated.os === undefined ? undefined : { name: generated.os },
          securityContext: compact({
            ...securityContext(generated),
            sysctls:
              generated.sysctls.length === 0
                ? undefined
                : generated.sysctls.map((name) => ({ name, value: "1" })),
          }),
          volumes:
            generated.volumes.length === 0
              ? undefined
              : generated.volumes.map((type, index) => ({
                  name: `v${index}`,
                  [type]: type === "hostPath" ? { path: "/" } : {},
                })),
        }),
        ...containers,
      },
    },
  ];
}

/** The table's reading of a version label: latest unless `v1.x`, and never past v1.36. */
function minorOf(version: string | undefined): number {
  const match = /^v1\.(\d+)$/.exec(version ?? "");
  return match?.[1] === undefined ? 36 : Math.min(Number(match[1]), 36);
}

const controls: readonly Check[] = [...pssBaselineChecks, ...pssRestrictedChecks];

describe("the Pod Security Standards table", () => {
  it("has exactly one control per row, with the row's official name and level", () => {
    expect(controls.map((check) => check.id).sort()).toEqual(Object.keys(TABLE).sort());
    for (const check of controls) {
      const row = TABLE[check.id];
      expect(check.tags, check.id).toEqual({
        standard: "pod-security-standards",
        level: row?.level,
        control: row?.control,
      });
    }
  });

  it("fails exactly the controls whose restricted fields hold a forbidden value", () => {
    fc.assert(
      fc.property(genPod, (generated) => {
        const context = contextOf(manifests(generated));
        const minor = minorOf(generated.version);
        for (const check of controls) {
          const row = TABLE[check.id];
          if (row === undefined) throw new Error(`no table row for ${check.id}`);
          const expected =
            minor < row.since ? "skip" : row.forbids(generated, minor) ? "fail" : "pass";
          const [result] = check.evaluate(context);
          expect(result?.status, `${check.id} (${row.fields.join(", ")}) at v1.${minor}`).toBe(
            expected,
          );
        }
      }),
      { numRuns: 400 },
    );
  });
});
