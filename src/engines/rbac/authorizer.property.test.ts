import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inventoryOf } from "../../../test/helpers/inventory.ts";
import { naiveAllowed, type NaiveRequest } from "../../../test/fixtures/rbac/naive-authorizer.ts";
import {
  clusterRole,
  clusterRoleBinding,
  role,
  roleBinding,
  type RuleSpec,
  type SubjectSpec,
} from "../../../test/fixtures/rbac/objects.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { buildRbacEngine } from "./index.ts";
import type { UserInfo } from "./types.ts";

// A small universe, so that random rules and random requests often meet.
const namespaces = ["ns1", "ns2"];
const verb = fc.constantFrom("get", "list", "create", "delete");
const ruleVerb = fc.constantFrom("get", "list", "create", "delete", "*");
const group = fc.constantFrom("", "apps", "rbac.authorization.k8s.io");
const ruleGroup = fc.constantFrom("", "apps", "*");
const resource = fc.constantFrom(
  "pods",
  "secrets",
  "deployments",
  "pods/log",
  "pods/exec",
  "deployments/scale",
  "pods/*",
);
const ruleResource = fc.constantFrom(
  "pods",
  "secrets",
  "deployments",
  "pods/log",
  "pods/*",
  "*/log",
  "*/scale",
  "*",
  "*/*",
);
const objectName = fc.constantFrom("", "a", "b");
const url = fc.constantFrom("/healthz", "/healthz/ready", "/api", "/apis/apps", "/logs/x");
const ruleUrl = fc.constantFrom("/healthz", "/healthz*", "/api*", "/logs/**", "*", "/api");
const userNames = [
  "alice",
  "system:serviceaccount:ns1:sa",
  "system:serviceaccount:ns2:sa",
  "system:serviceaccount:ns1:other",
];
const groupNames = [
  "dev",
  "system:serviceaccounts",
  "system:serviceaccounts:ns1",
  "system:authenticated",
  "system:masters",
];

const rule: fc.Arbitrary<RuleSpec> = fc.oneof(
  fc.record({
    verbs: fc.array(ruleVerb, { minLength: 1, maxLength: 2 }),
    apiGroups: fc.array(ruleGroup, { minLength: 1, maxLength: 2 }),
    resources: fc.array(ruleResource, { minLength: 1, maxLength: 3 }),
    resourceNames: fc.oneof(
      fc.constant<string[]>([]),
      fc.constantFrom<string[]>(["a"], ["b", "a"], [""]),
    ),
  }),
  fc.record({
    verbs: fc.array(ruleVerb, { minLength: 1, maxLength: 2 }),
    nonResourceURLs: fc.array(ruleUrl, { minLength: 1, maxLength: 2 }),
  }),
);
const subject: fc.Arbitrary<SubjectSpec> = fc.oneof(
  fc.record({ kind: fc.constant("User"), name: fc.constantFrom(...userNames) }),
  fc.record({
    kind: fc.constant("Group"),
    name: fc.constantFrom(
      "dev",
      "system:serviceaccounts",
      "system:serviceaccounts:ns1",
      "system:authenticated",
    ),
  }),
  fc.record({
    kind: fc.constant("ServiceAccount"),
    name: fc.constantFrom("sa", "other"),
    namespace: fc.constantFrom("", "ns1", "ns2"),
  }),
);
const roleRef = fc.record({
  kind: fc.constantFrom("Role", "Role", "ClusterRole", "ClusterRole", "ClusterRole", "Bogus"),
  name: fc.constantFrom("r1", "r1", "r2", "missing"),
});

const objects: fc.Arbitrary<KubeObject[]> = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom(...namespaces),
        fc.constantFrom("r1", "r2"),
        fc.array(rule, { minLength: 1, maxLength: 3 }),
      ),
      { maxLength: 4 },
    ),
    fc.array(
      fc.tuple(fc.constantFrom("r1", "r2"), fc.array(rule, { minLength: 1, maxLength: 3 })),
      { maxLength: 2 },
    ),
    fc.array(
      fc.tuple(
        fc.constantFrom(...namespaces),
        roleRef,
        fc.array(subject, { minLength: 1, maxLength: 3 }),
      ),
      { maxLength: 4 },
    ),
    fc.array(fc.tuple(roleRef, fc.array(subject, { minLength: 1, maxLength: 3 })), {
      maxLength: 3,
    }),
  )
  .map(([roles, clusterRoles, bindings, clusterBindings]) => [
    ...roles.map(([ns, name, rules]) => role(ns, name, rules)),
    ...clusterRoles.map(([name, rules]) => clusterRole(name, rules)),
    ...bindings.map(([ns, ref, subjects], index) => roleBinding(ns, `rb${index}`, ref, subjects)),
    ...clusterBindings.map(([ref, subjects], index) =>
      clusterRoleBinding(`crb${index}`, ref, subjects),
    ),
  ])
  // The first definition of a duplicate wins in the inventory; the naive evaluator scans all.
  .map((list) =>
    list.filter(
      (object, index) =>
        list.findIndex(
          (other) =>
            other.kind === object.kind &&
            other.metadata.name === object.metadata.name &&
            other.metadata.namespace === object.metadata.namespace,
        ) === index,
    ),
  );

const request: fc.Arbitrary<NaiveRequest> = fc.oneof(
  fc
    .record({
      kind: fc.constant("resource" as const),
      verb,
      namespace: fc.constantFrom("", ...namespaces),
      apiGroup: group,
      resource,
      name: objectName,
    })
    .map(({ resource: combined, ...rest }) => {
      const [base = "", sub = ""] = combined.split("/", 2);
      return { ...rest, resource: base, subresource: sub };
    }),
  fc.record({ kind: fc.constant("nonResource" as const), verb, path: url }),
);
const userInfo: fc.Arbitrary<UserInfo> = fc.record({
  name: fc.constantFrom(...userNames),
  // system:masters is rare, or it would answer most questions before RBAC runs.
  groups: fc
    .subarray(groupNames)
    .map((groups) => groups.filter((g, i) => g !== "system:masters" || i % 7 === 0)),
});

describe("RBAC authorizer against a naive reference evaluator", () => {
  it("gives the same decision on random policies and requests", () => {
    fc.assert(
      fc.property(objects, userInfo, request, (list, user, req) => {
        const engine = buildRbacEngine(inventoryOf(...list));
        const decision = engine.can(user, req);
        expect(decision.allowed).toBe(
          naiveAllowed(list, { name: user.name, groups: [...user.groups] }, req),
        );
        // Every allow through RBAC is explained by at least one grant.
        if (decision.allowed && !decision.privilegedGroup)
          expect(decision.grants.length).toBeGreaterThan(0);
      }),
      { numRuns: 4000 },
    );
  });

  it("answers who-can consistently with can: a user is allowed iff it matches a listed subject", () => {
    fc.assert(
      fc.property(objects, userInfo, request, (list, user, req) => {
        const engine = buildRbacEngine(inventoryOf(...list));
        const answer = engine.whoCan(req);
        const matches =
          user.groups.some((g) => answer.privilegedGroups.includes(g)) ||
          answer.subjects.some(({ subject }) =>
            subject.kind === "User"
              ? subject.name === user.name
              : subject.kind === "Group"
                ? user.groups.includes(subject.name)
                : user.name === `system:serviceaccount:${subject.namespace}:${subject.name}`,
          );
        expect(matches).toBe(
          naiveAllowed(list, { name: user.name, groups: [...user.groups] }, req),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("answers the same through the per-user session (its verb/resource pre-check included)", () => {
    fc.assert(
      fc.property(
        objects,
        userInfo,
        fc.array(request, { minLength: 1, maxLength: 5 }),
        (list, user, requests) => {
          const engine = buildRbacEngine(inventoryOf(...list));
          const session = engine.authorizer.forUser(user);
          for (const req of requests) {
            expect(session(req).allowed).toBe(engine.can(user, req).allowed);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
