// Random pods for the oracle comparison: every field a Pod Security Standards control reads, with
// allowed, forbidden, empty and null values, on init, regular and ephemeral containers. Every
// value is well-typed, so that the Go oracle decodes each pod exactly as the API server would.
import fc from "fast-check";

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Drops keys whose value is undefined. */
function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

const profileType = fc.constantFrom("RuntimeDefault", "Localhost", "Unconfined", "");
const profile = maybe(
  fc.oneof(
    fc.constant(null),
    fc.record({ type: maybe(profileType) }).map(compact),
    fc.record({ type: fc.constant("Localhost"), localhostProfile: fc.constant("p.json") }),
  ),
);
const seLinuxOptions = maybe(
  fc
    .record({
      type: maybe(
        fc.constantFrom(
          "",
          "container_t",
          "container_init_t",
          "container_kvm_t",
          "container_engine_t",
          "spc_t",
        ),
      ),
      user: maybe(fc.constantFrom("", "system_u")),
      role: maybe(fc.constantFrom("", "system_r")),
      level: maybe(fc.constantFrom("s0:c1,c2")),
    })
    .map(compact),
);
const capabilityNames = fc.subarray([
  "ALL",
  "NET_BIND_SERVICE",
  "CHOWN",
  "KILL",
  "NET_RAW",
  "SYS_ADMIN",
  "net_bind_service",
  "all",
]);

const commonContext = {
  seccompProfile: profile,
  appArmorProfile: profile,
  seLinuxOptions,
  windowsOptions: maybe(fc.record({ hostProcess: maybe(fc.boolean()) }).map(compact)),
  runAsNonRoot: maybe(fc.oneof(fc.boolean(), fc.constant(null))),
  runAsUser: maybe(fc.constantFrom(0, 1, 1000)),
};

const containerContext = maybe(
  fc
    .record({
      ...commonContext,
      privileged: maybe(fc.oneof(fc.boolean(), fc.constant(null))),
      allowPrivilegeEscalation: maybe(fc.oneof(fc.boolean(), fc.constant(null))),
      procMount: maybe(fc.constantFrom("Default", "Unmasked", "")),
      capabilities: maybe(
        fc.oneof(
          fc.constant(null),
          fc.record({ add: maybe(capabilityNames), drop: maybe(capabilityNames) }).map(compact),
        ),
      ),
    })
    .map(compact),
);

const host = maybe(fc.constantFrom("", "10.0.0.1", "localhost"));
const handler = maybe(
  fc.oneof(
    fc.record({ httpGet: fc.record({ port: fc.constant(80), host }).map(compact) }),
    fc.record({ tcpSocket: fc.record({ port: fc.constant(80), host }).map(compact) }),
    fc.record({ exec: fc.constant({ command: ["true"] }) }),
  ),
);

const containerFields = fc
  .record({
    securityContext: containerContext,
    ports: maybe(
      fc.array(
        fc
          .record({ containerPort: fc.constant(80), hostPort: maybe(fc.constantFrom(0, 80, 8080)) })
          .map(compact),
        {
          maxLength: 2,
        },
      ),
    ),
    livenessProbe: handler,
    readinessProbe: handler,
    startupProbe: handler,
    lifecycle: maybe(fc.record({ postStart: handler, preStop: handler }).map(compact)),
  })
  .map(compact);

const VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
];
const volume = fc.oneof(
  fc
    .constantFrom(...VOLUME_TYPES)
    .map((type) => ({ [type]: type === "hostPath" ? { path: "/" } : {} })),
  fc.constant({}),
  fc.constant({ secret: null }),
);

const SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
  "net.ipv4.tcp_slow_start_after_idle",
  "kernel.msgmax",
  "",
];

const annotations = fc
  .record({
    "container.apparmor.security.beta.kubernetes.io/c0": maybe(
      fc.constantFrom("runtime/default", "localhost/p", "unconfined", ""),
    ),
    "container.apparmor.security.beta.kubernetes.io/ghost": maybe(
      fc.constantFrom("runtime/default", "unconfined"),
    ),
    "seccomp.security.alpha.kubernetes.io/pod": maybe(
      fc.constantFrom("runtime/default", "docker/default", "localhost/p", "unconfined", ""),
    ),
    "container.seccomp.security.alpha.kubernetes.io/c1": maybe(
      fc.constantFrom("runtime/default", "unconfined"),
    ),
  })
  .map(compact);

/** A PSS version label the admission controller accepts. */
export const arbitraryVersion = fc.oneof(
  fc.constant("latest"),
  fc.integer({ min: 0, max: 40 }).map((minor) => `v1.${minor}`),
);

/** A v1 Pod whose containers are named c0, c1, ... across init, regular and ephemeral. */
export const arbitraryPod = fc
  .record({
    annotations,
    spec: fc
      .record({
        hostNetwork: maybe(fc.boolean()),
        hostPID: maybe(fc.boolean()),
        hostIPC: maybe(fc.boolean()),
        hostUsers: maybe(fc.boolean()),
        os: maybe(fc.constantFrom({ name: "linux" }, { name: "windows" })),
        securityContext: maybe(
          fc
            .record({
              ...commonContext,
              sysctls: maybe(
                fc.subarray(SYSCTLS).map((names) => names.map((name) => ({ name, value: "1" }))),
              ),
            })
            .map(compact),
        ),
        volumes: maybe(fc.array(volume, { maxLength: 3 })),
      })
      .map(compact),
    init: fc.array(containerFields, { maxLength: 2 }),
    regular: fc.array(containerFields, { minLength: 1, maxLength: 2 }),
    ephemeral: fc.array(containerFields, { maxLength: 1 }),
  })
  .map(({ annotations: podAnnotations, spec, init, regular, ephemeral }) => {
    let next = 0;
    const named = (containers: readonly Record<string, unknown>[]) =>
      containers.map((container) => ({ name: `c${next++}`, image: "app:1", ...container }));
    const volumes = Array.isArray(spec["volumes"])
      ? (spec["volumes"] as Record<string, unknown>[]).map((v, index) => ({
          name: `v${index}`,
          ...v,
        }))
      : undefined;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "ns", annotations: podAnnotations },
      spec: compact({
        ...spec,
        volumes,
        initContainers: named(init),
        containers: named(regular),
        ephemeralContainers: named(ephemeral),
      }),
    };
  });
