import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { stringAt } from "../../model/fields.ts";
import { containerViolation, parseImageReference } from "../../model/pod-security.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "image-tag-not-latest";

export const imageTagNotLatest: Check = {
  id,
  title: "Container images name a version: no `:latest` and no missing tag",
  pillar: "workload",
  severity: "medium",
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
    soc2: ["CC7.1"],
  },
  remediation: "Use an immutable version tag or, better, a digest instead of `:latest` or no tag.",
  description:
    "`:latest` (and no tag, which means latest) runs whatever was pushed last: what runs is not what was reviewed.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      const floating = containersOf(pod.spec).flatMap((c) => {
        const image = stringAt(c.spec, "image");
        if (image === undefined) return [];
        const reference = parseImageReference(image);
        // A digest pins the content whatever the tag says.
        const isFloating =
          reference.digest === undefined &&
          (reference.tag === undefined || reference.tag === "latest");
        return isFloating ? [containerViolation(c, image, "image")] : [];
      });
      return floating.length === 0
        ? pass(id, pod.ownerRef, "Every image names a version or digest")
        : fail(id, pod.ownerRef, `Floating images: ${floating.map((f) => f.value).join(", ")}`, {
            violations: floating,
          });
    }),
};
