import { Command, Option } from "commander";
import type { UserInfo, WhatCanAnswer } from "../../engines/rbac/index.ts";
import {
  evidenceOf,
  formatGrant,
  formatNodeEvidence,
  nodeEvidenceOf,
} from "../../engines/rbac/review.ts";
import { impersonatedUser, serviceAccountUsername } from "../../engines/rbac/user-info.ts";
import { subjectLabel } from "../../engines/rbac/who-can.ts";
import { UsageError } from "../../model/errors.ts";
import { EXIT, type CliIo } from "../io.ts";
import type { ExitState } from "../main.ts";
import { emit } from "../output.ts";
import {
  authorizationModeOption,
  bootstrapOption,
  collect,
  describeRequest,
  loadRbacEngine,
  requestOf,
  type RbacLoadOptions,
} from "./rbac-load.ts";
import { pathsCommand } from "./rbac-paths.ts";
import { runReviews } from "./rbac-review.ts";

interface RequestOptions extends RbacLoadOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly subresource?: string;
  readonly output: "text" | "json";
}

/** `-f`, `--bootstrap-policy`, `-n`, `-A`, `--subresource`, `-o`: the shared flags. */
function withRequestFlags(command: Command): Command {
  return command
    .option("-f, --filename <path>", "manifests holding the RBAC objects (repeatable)", collect, [])
    .addOption(bootstrapOption())
    .addOption(authorizationModeOption())
    .option("-n, --namespace <name>", "namespace of the request (default: default)")
    .option("-A, --all-namespaces", "ask across all namespaces (cluster scope)")
    .option("--subresource <name>", "subresource, e.g. log, exec, scale")
    .addOption(
      new Option("-o, --output <format>", "output format")
        .choices(["text", "json"])
        .default("text"),
    );
}

export function rbacCommand(io: CliIo, exit: ExitState): Command {
  const command = new Command("rbac").description(
    "Answer RBAC questions exactly as the kube-apiserver (Node,RBAC) would, offline",
  );
  command.addCommand(canICommand(io, exit));
  command.addCommand(whoCanCommand(io));
  command.addCommand(whatCanCommand(io));
  command.addCommand(reviewCommand(io, exit));
  command.addCommand(pathsCommand(io, exit));
  return command;
}

function canICommand(io: CliIo, exit: ExitState): Command {
  return withRequestFlags(
    new Command("can-i")
      .description("Check whether a user may perform an action (like `kubectl auth can-i --as`)")
      .argument("<verb>", "API verb: get, list, create, delete, escalate, ... or *")
      .argument(
        "<resource>",
        "RESOURCE[.GROUP][/SUBRESOURCE], or a non-resource URL starting with /",
      )
      .argument("[name]", "the object's name"),
  )
    .requiredOption("--as <user>", "the user to check, e.g. alice or system:serviceaccount:ns:sa")
    .option("--as-group <group>", "a group of the user (repeatable)", collect, [])
    .option("-q, --quiet", "print nothing; the exit code answers (0 yes, 1 no)")
    .action(
      async (
        verb: string,
        target: string,
        name: string | undefined,
        options: RequestOptions & { as: string; asGroup: readonly string[]; quiet?: boolean },
      ) => {
        const request = requestOf({ verb, target, ...definedOnly({ name, ...options }) }, io);
        const engine = await loadRbacEngine(io, options);
        const user = impersonatedUser(options.as, options.asGroup);
        const decision = engine.can(user, request);
        exit.code = decision.allowed ? EXIT.ok : EXIT.findings;
        if (options.quiet === true) return;
        if (options.output === "json") {
          const body = {
            user,
            request,
            allowed: decision.allowed,
            reason: decision.reason,
            privilegedGroup: decision.privilegedGroup,
            evidence: [
              ...(decision.nodeAuthorizer === undefined
                ? []
                : [nodeEvidenceOf(decision.nodeAuthorizer)]),
              ...decision.grants.map(evidenceOf),
            ],
          };
          io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
          return;
        }
        const lines = [decision.allowed ? "yes" : "no"];
        if (decision.privilegedGroup)
          lines.push("  system:masters is allowed everything before RBAC runs");
        else if (decision.nodeAuthorizer !== undefined)
          lines.push(`  ${formatNodeEvidence(decision.nodeAuthorizer)}`);
        else if (decision.reason !== "")
          lines.push(...decision.reason.split("\n").map((line) => `  ${line}`));
        if (!decision.allowed && decision.reason === "") {
          lines.push(
            `  no binding grants ${user.name} (groups ${user.groups.join(", ")}) ${describeRequest(request)}`,
          );
        }
        for (const grant of decision.grants) lines.push(`  grant: ${formatGrant(grant)}`);
        io.stdout.write(`${lines.join("\n")}\n`);
      },
    );
}

function whoCanCommand(io: CliIo): Command {
  return withRequestFlags(
    new Command("who-can")
      .description("List every subject allowed an action, with the grants that allow it")
      .argument("<verb>", "API verb")
      .argument("<resource>", "RESOURCE[.GROUP][/SUBRESOURCE], or a non-resource URL")
      .argument("[name]", "the object's name"),
  ).action(
    async (verb: string, target: string, name: string | undefined, options: RequestOptions) => {
      const request = requestOf({ verb, target, ...definedOnly({ name, ...options }) }, io);
      const engine = await loadRbacEngine(io, options);
      const answer = engine.whoCan(request);
      if (options.output === "json") {
        const body = {
          request,
          privilegedGroups: answer.privilegedGroups,
          subjects: answer.subjects.map(({ subject, grants }) => ({
            subject: {
              kind: subject.kind,
              name: subject.name,
              ...(subject.namespace === "" ? {} : { namespace: subject.namespace }),
            },
            evidence: grants.map(evidenceOf),
          })),
          nodes: answer.nodes.map(({ node, evidence }) => ({
            subject: { kind: "User", name: `system:node:${node}`, group: "system:nodes" },
            evidence: [nodeEvidenceOf(evidence)],
          })),
        };
        io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return;
      }
      const lines = [`Who can ${describeRequest(request)}:`];
      for (const group of answer.privilegedGroups)
        lines.push(`  Group ${group}: allowed everything before RBAC runs`);
      for (const { node, evidence } of answer.nodes) {
        lines.push(`  User system:node:${node} (group system:nodes)`);
        lines.push(`      ${formatNodeEvidence(evidence)}`);
      }
      for (const { subject, grants } of answer.subjects) {
        lines.push(`  ${subjectLabel(subject)}`);
        for (const grant of grants) lines.push(`      ${formatGrant(grant)}`);
      }
      io.stdout.write(`${lines.join("\n")}\n`);
    },
  );
}

/** `alice`, `User/alice`, `Group/devs`, `ServiceAccount/ns/name` or `system:serviceaccount:ns:name`. */
export function userOfSubject(text: string, groups: readonly string[]): UserInfo {
  const [kind, ...rest] = text.split("/");
  if (rest.length === 0) return impersonatedUser(text, groups);
  if (kind === "User" && rest.length === 1) return impersonatedUser(rest[0] ?? "", groups);
  if (kind === "Group" && rest.length === 1)
    return { name: "", groups: [rest[0] ?? "", ...groups] };
  if (kind === "ServiceAccount" && rest.length === 2) {
    return impersonatedUser(serviceAccountUsername(rest[0] ?? "", rest[1] ?? ""), groups);
  }
  throw new UsageError(
    `subject "${text}": expected NAME, User/NAME, Group/NAME or ServiceAccount/NAMESPACE/NAME`,
  );
}

function whatCanCommand(io: CliIo): Command {
  return new Command("what-can")
    .description(
      "The effective rules of a subject, cluster-wide and per namespace, with their grants",
    )
    .argument("<subject>", "NAME, User/NAME, Group/NAME or ServiceAccount/NAMESPACE/NAME")
    .option("--as-group <group>", "a group of the user (repeatable)", collect, [])
    .option("-f, --filename <path>", "manifests holding the RBAC objects (repeatable)", collect, [])
    .addOption(bootstrapOption())
    .addOption(authorizationModeOption())
    .addOption(
      new Option("-o, --output <format>", "output format")
        .choices(["text", "json"])
        .default("text"),
    )
    .action(
      async (
        subject: string,
        options: RbacLoadOptions & { asGroup: readonly string[]; output: string },
      ) => {
        const user = userOfSubject(subject, options.asGroup);
        const engine = await loadRbacEngine(io, options);
        const answer = engine.whatCan(user);
        if (options.output === "json") {
          const body = {
            user: answer.user,
            privilegedGroup: answer.privilegedGroup,
            cluster: answer.cluster.map(evidenceOf),
            namespaces: Object.fromEntries(
              Object.entries(answer.namespaces).map(([namespace, grants]) => [
                namespace,
                grants.map(evidenceOf),
              ]),
            ),
            errors: answer.errors,
            ...(answer.node === undefined ? {} : { nodeAuthorizer: answer.node }),
          };
          io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
          return;
        }
        io.stdout.write(formatWhatCan(answer.user, answer));
      },
    );
}

function formatWhatCan(user: UserInfo, answer: WhatCanAnswer): string {
  const lines = [
    `${user.name === "" ? "(no user)" : user.name} (groups: ${user.groups.join(", ") || "none"})`,
  ];
  if (answer.privilegedGroup) lines.push("  system:masters: allowed everything before RBAC runs");
  lines.push(
    `  cluster-wide (every namespace and cluster scope): ${answer.cluster.length} rule(s)`,
  );
  for (const grant of answer.cluster) lines.push(`      ${formatGrant(grant)}`);
  for (const [namespace, grants] of Object.entries(answer.namespaces)) {
    lines.push(`  namespace ${namespace}: ${grants.length} rule(s)`);
    for (const grant of grants) lines.push(`      ${formatGrant(grant)}`);
  }
  for (const error of answer.errors) lines.push(`  unresolved: ${error}`);
  if (answer.node !== undefined) {
    const { node, rules, objects } = answer.node;
    lines.push(
      `  Node authorizer (runs before RBAC) for node ${node}: its own Node, Lease and CSINode; writes NodeRestriction narrows; ${rules.length} node rule(s)`,
    );
    rules.forEach((rule, index) =>
      lines.push(
        `      system:node rule[${index}]: ${rule.verbs.join(",")} ${[...rule.resources, ...rule.nonResourceURLs].join(",")}`,
      ),
    );
    for (const [type, found] of Object.entries(objects)) {
      lines.push(`    ${type} linked through its pods: ${found.length}`);
      for (const object of found) {
        const pod =
          object.pod === undefined ? "" : ` (pod ${object.pod.namespace}/${object.pod.name})`;
        lines.push(
          `      ${object.namespace === "" ? "" : `${object.namespace}/`}${object.name}${pod}`,
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function reviewCommand(io: CliIo, exit: ExitState): Command {
  return new Command("review")
    .description(
      "Answer SubjectAccessReviews offline: status.allowed and status.reason as the apiserver, plus evidence",
    )
    .requiredOption(
      "--reviews <file>",
      "SubjectAccessReview objects: YAML documents, a JSON array or a List",
    )
    .option("-f, --filename <path>", "manifests holding the RBAC objects (repeatable)", collect, [])
    .addOption(bootstrapOption())
    .addOption(authorizationModeOption())
    .addOption(
      new Option("-o, --output <format>", "output format")
        .choices(["yaml", "json"])
        .default("yaml"),
    )
    .option("--output-file <path>", "write to a file instead of stdout")
    .action(
      async (
        options: RbacLoadOptions & {
          reviews: string;
          output: "yaml" | "json";
          outputFile?: string;
        },
      ) => {
        const engine = await loadRbacEngine(io, options);
        const run = await runReviews(io, engine, options.reviews, options.output);
        await emit(io, run.text, options.outputFile);
        if (run.invalid > 0) exit.code = EXIT.usage;
      },
    );
}

/** Drops undefined values, for exactOptionalPropertyTypes. */
function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
