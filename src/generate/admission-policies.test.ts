import { describe, expect, it } from "vitest";
import { POD_TEMPLATE_PATHS } from "../model/kinds.ts";
import { admissionPolicies } from "./admission-policies.ts";

interface Generated {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly policyName?: string;
    readonly validationActions?: readonly string[];
    readonly variables?: readonly { readonly name: string; readonly expression: string }[];
    readonly matchConstraints?: {
      readonly resourceRules: readonly { readonly resources: readonly string[] }[];
    };
    readonly validations?: readonly { readonly expression: string; readonly message: string }[];
  };
}

const objects = admissionPolicies({
  action: "Deny",
  excludeNamespaces: ["kube-system"],
}) as readonly Generated[];
const policies = objects.filter((object) => object.kind === "ValidatingAdmissionPolicy");

describe("generated ValidatingAdmissionPolicies", () => {
  it("binds every policy, with the requested action", () => {
    const bindings = objects.filter((object) => object.kind === "ValidatingAdmissionPolicyBinding");
    expect(bindings.map((binding) => binding.spec.policyName).sort()).toEqual(
      policies.map((p) => p.metadata.name).sort(),
    );
    for (const binding of bindings) expect(binding.spec.validationActions).toEqual(["Deny"]);
  });

  it("reads the PodSpec where the model says each workload kind keeps it", () => {
    const kindOf: Record<string, string> = {
      pods: "Pod",
      deployments: "Deployment",
      statefulsets: "StatefulSet",
      daemonsets: "DaemonSet",
      replicasets: "ReplicaSet",
      jobs: "Job",
      replicationcontrollers: "ReplicationController",
      cronjobs: "CronJob",
    };
    const covered = new Set<string>();
    for (const policy of policies.filter((p) => p.spec.variables !== undefined)) {
      const expression = policy.spec.variables?.find((v) => v.name === "spec")?.expression;
      for (const rule of policy.spec.matchConstraints?.resourceRules ?? []) {
        for (const resource of rule.resources) {
          const kind = kindOf[resource] ?? resource;
          covered.add(kind);
          expect(expression, resource).toBe(
            ["object", ...(POD_TEMPLATE_PATHS[kind] ?? ["?"]), "spec"].join("."),
          );
        }
      }
    }
    expect([...covered].sort()).toEqual(Object.keys(POD_TEMPLATE_PATHS).sort());
  });

  it("names the Tenet control in every validation message", () => {
    for (const policy of policies) {
      for (const validation of policy.spec.validations ?? [])
        expect(validation.message).toMatch(/\(tenet [a-z-]+(, [a-z-]+)*\)$/);
    }
  });
});
