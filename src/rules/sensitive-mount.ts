import { objectsAt, stringAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  WORKLOAD_RESOURCES,
  writtenPodSpec,
  type Rule,
} from "./rule.ts";

/** Host paths that hand over the node: its root, runtime sockets, kubelet and etcd state, credentials. */
const SENSITIVE = [
  "/",
  "/etc",
  "/root",
  "/proc",
  "/var/run",
  "/run",
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/var/lib/kubelet",
  "/var/lib/etcd",
  "/etc/kubernetes",
] as const;

/** True for a sensitive path or anything below one except `/` (everything is below `/`). */
function isSensitive(path: string): boolean {
  const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return SENSITIVE.some((root) => clean === root || (root !== "/" && clean.startsWith(`${root}/`)));
}

export const sensitiveMount: Rule = {
  id: "sensitive-mount",
  title: "Workload mounting a sensitive node path written",
  pillar: "workload",
  severity: "critical",
  techniques: ["T1611", "T1552"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.2.12"] },
  remediation:
    "Remove the mount of the node's root, runtime socket, kubelet or etcd directories; nothing but node agents needs them.",
  resources: WORKLOAD_RESOURCES,
  match: (event) => {
    const paths = objectsAt(writtenPodSpec(event), "volumes")
      .map((volume) => stringAt(volume, "hostPath", "path"))
      .filter((path): path is string => path !== undefined && isSensitive(path));
    if (paths.length === 0) return undefined;
    return {
      message: `${event.user.username} wrote ${objectName(event)} mounting ${paths.join(", ")} from the node`,
      evidence: { paths },
    };
  },
};
