import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { suiteTempDir } from "../helpers/temp-dir.ts";
import { rawEvent } from "../monitor/audit-log.ts";

const SA = "system:serviceaccount:shop:api";
const OTHER = "system:serviceaccount:shop:worker";

/** One audit event as the apiserver's log backend writes it (compact JSON, one line). */
function line(
  index: number,
  at: string,
  request: { user: string; verb: string; uri: string; resource: string; name?: string },
): string {
  return JSON.stringify(
    rawEvent(`id-${index}`, {
      requestURI: request.uri,
      verb: request.verb,
      user: { username: request.user, groups: ["system:serviceaccounts", "system:authenticated"] },
      sourceIPs: ["10.0.2.9"],
      objectRef: {
        resource: request.resource,
        namespace: "shop",
        ...(request.name === undefined ? {} : { name: request.name }),
        apiVersion: "v1",
      },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: at,
      stageTimestamp: at,
      annotations: { "authorization.k8s.io/decision": "allow" },
    }),
  );
}

const getConfig = {
  user: SA,
  verb: "get",
  uri: "/api/v1/namespaces/shop/configmaps/app-config",
  resource: "configmaps",
  name: "app-config",
};
const listPods = {
  user: SA,
  verb: "list",
  uri: "/api/v1/namespaces/shop/pods",
  resource: "pods",
};
const getSecret = {
  user: OTHER,
  verb: "get",
  uri: "/api/v1/namespaces/shop/secrets/db",
  resource: "secrets",
  name: "db",
};

// Hours 10 to 13: the list happens only at 12, the other ServiceAccount only at 13.
const LOG = [
  // The apiserver logs a request's first stage too: an event, not a completed request.
  line(0, "2026-11-27T10:00:00.000001Z", getConfig).replace("ResponseComplete", "RequestReceived"),
  line(1, "2026-11-27T10:00:00.000001Z", getConfig),
  line(2, "2026-11-27T11:00:00.000001Z", getConfig),
  line(3, "2026-11-27T12:00:00.000001Z", listPods),
  line(4, "2026-11-27T13:00:00.000001Z", getSecret),
].join("\n");

const dir = suiteTempDir("tenet-gen-store-");
let log = "";
let store = "";

beforeAll(async () => {
  log = join(dir(), "audit.log");
  store = join(dir(), "audit.db");
  await writeFile(log, `${LOG}\n`);
  // The store filled the way the monitor fills it.
  const monitor = await runCli(["monitor", "--audit-log", log, "--db", store]);
  expect(monitor.code, monitor.stderr).toBe(0);
});

/** `tenet generate rbac ...args`. */
const generateRbac = (...args: string[]) => runCli(["generate", "rbac", ...args]);

/** The generated objects and proof, without the header lines naming the input. */
function body(stdout: string): string {
  return stdout
    .split("\n")
    .filter((text) => !text.startsWith("#   audit "))
    .join("\n");
}

describe("tenet generate rbac --store", () => {
  it("writes what the same events in a log file give, proof included", async () => {
    for (const who of [[], ["--serviceaccount", "shop/api"]]) {
      const fromLog = await generateRbac("--audit-log", log, ...who);
      const fromStore = await generateRbac("--store", store, ...who);
      expect(fromStore.code).toBe(0);
      expect(fromStore.stdout).toContain(`#   audit store ${store} (completed requests)`);
      expect(body(fromStore.stdout)).toBe(body(fromLog.stdout));
      expect(fromStore.stderr).toBe(fromLog.stderr);
    }
    const all = await generateRbac("--store", store);
    expect(all.stdout).toContain(`users: ${SA}, ${OTHER}`);
    expect(all.stderr).toContain("proof: 3 of 3 observed requests allowed");
  });

  it("reads only the window, from the store and from a log alike", async () => {
    const window = ["--since", "2026-11-27T11:00:00Z", "--until", "2026-11-27T13:00:00Z"];
    const fromStore = await generateRbac("--store", store, ...window);
    const fromLog = await generateRbac("--audit-log", log, ...window);
    expect(fromStore.code).toBe(0);
    expect(body(fromStore.stdout)).toBe(body(fromLog.stdout));
    expect(fromStore.stdout).toContain(
      "#   window: 2026-11-27T11:00:00.000Z to 2026-11-27T13:00:00.000Z (end excluded)",
    );
    // Hours 11 and 12 of the api ServiceAccount; the worker's 13:00 request is past the end.
    expect(fromStore.stdout).toContain(`#   2 events; users: ${SA}\n`);
    expect(fromStore.stdout).toContain("- list");
    expect(fromStore.stdout).not.toContain("secrets");
    const late = await generateRbac("--store", store, "--since", "2026-11-27T12:30:00Z");
    expect(late.stdout).toContain(`#   1 events; users: ${OTHER}\n`);
  });

  it("names a missing store, a file that is no store, and a bad time", async () => {
    const missing = await generateRbac("--store", join(dir(), "none.db"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot open the audit store ${join(dir(), "none.db")}`);
    const notStore = join(dir(), "empty.db");
    await writeFile(notStore, "");
    const wrong = await generateRbac("--store", notStore);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`${notStore} is not a Tenet audit store`);
    const badTime = await generateRbac("--store", store, "--since", "yesterday");
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--since: not a time: "yesterday"');
    const reversed = await generateRbac(
      "--store",
      store,
      "--since",
      "2026-11-27T12:00:00Z",
      "--until",
      "2026-11-27T11:00:00Z",
    );
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain("--since must be before --until");
  });
});
