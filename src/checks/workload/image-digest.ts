import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { stringAt } from "../../model/fields.ts";
import { containerViolation, parseImageReference } from "../../model/pod-security.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "image-digest";

export const imageDigest: Check = {
  id,
  title: "Container images are pinned by digest",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Kubernetes Pod security: Building secure container images"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": [
      "Applications and Workloads: Secure Application Development and Deployment Workflow",
    ],
    hipaa: ["164.312(c)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    soc2: ["CC7.1", "CC6.8"],
  },
  remediation:
    "Reference images as `repository@sha256:<digest>` (a tag may stay in front for readers).",
  description:
    "A tag can be moved to other content; a digest names exactly the image that was reviewed and scanned.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      // A container with no image is an incomplete template, judged where the image is filled in.
      const unpinned = containersOf(pod.spec).flatMap((c) => {
        const image = stringAt(c.spec, "image");
        return image === undefined || parseImageReference(image).digest !== undefined
          ? []
          : [containerViolation(c, image, "image")];
      });
      return unpinned.length === 0
        ? pass(id, pod.ownerRef, "Every image is pinned by digest")
        : fail(
            id,
            pod.ownerRef,
            `Images not pinned by digest: ${unpinned.map((u) => u.value).join(", ")}`,
            {
              violations: unpinned,
            },
          );
    }),
};
