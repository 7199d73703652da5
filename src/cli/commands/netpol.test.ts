import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/cli.ts";

const shop = "test/fixtures/netpol/shop.yaml";
const after = "test/fixtures/netpol/shop-after.yaml";

describe("tenet netpol can-reach", () => {
  it("allows with the rules responsible on each side, exit 0", async () => {
    const run = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/api",
      "--to",
      "shop/db-0",
      "--port",
      "5432",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("allowed: shop/api -> shop/db-0 TCP/5432");
    expect(run.stdout).toContain("allowed by shop/api egress[0] (TCP 5432)");
    expect(run.stdout).toContain("allowed by shop/db ingress[0] (TCP 5432)");
  });

  it("denies and says why, exit 1", async () => {
    const run = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/web",
      "--to",
      "shop/db-0",
      "--port",
      "5432",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("denied: shop/web -> shop/db-0 TCP/5432");
    expect(run.stdout).toContain("no rule matches shop/web");
  });

  it("resolves a named port on the destination and judges a Service per backend", async () => {
    const named = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/web",
      "--to",
      "shop/api",
      "--port",
      "http",
    ]);
    expect(named.stdout).toContain("TCP/9000");
    const service = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/web",
      "--to-service",
      "shop/api",
      "--port",
      "80",
      "-o",
      "json",
    ]);
    expect(service.code).toBe(0);
    const json = parse(service.stdout) as {
      allowed: boolean;
      verdicts: { to: string; port: number }[];
    };
    expect(json.allowed).toBe(true);
    expect(json.verdicts.map((v) => [v.to, v.port])).toEqual([["shop/api", 9000]]);
  });

  it("judges addresses and nodes", async () => {
    const outside = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from-ip",
      "203.0.113.9",
      "--to",
      "shop/api",
      "--port",
      "9000",
    ]);
    expect(outside.code).toBe(1);
    const node = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from-node",
      "node-1",
      "--to",
      "shop/db-0",
      "--port",
      "5432",
    ]);
    expect(node.code).toBe(0);
    expect(node.stdout).toContain("a node always reaches the pods it runs");
  });

  it("rejects bad flags with exit 2 and a clear message", async () => {
    const both = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/web",
      "--from-ip",
      "1.2.3.4",
      "--to",
      "shop/api",
      "--port",
      "80",
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("exactly one of --from");
    const missing = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/nope",
      "--to",
      "shop/api",
      "--port",
      "80",
    ]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain("no pod or workload shop/nope");
    const port = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "--from",
      "shop/web",
      "--to",
      "shop/api",
      "--port",
      "80/ICMP",
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("TCP, UDP or SCTP");
  });
});

describe("tenet netpol verify", () => {
  it("passes every assertion, exit 0", async () => {
    const run = await runCli([
      "netpol",
      "verify",
      "test/fixtures/netpol/assertions.yaml",
      "-f",
      shop,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("8 passed, 0 failed");
  });

  it("fails with exit 1 and lists every assertion in JSON with its explanation", async () => {
    const run = await runCli([
      "netpol",
      "verify",
      "test/fixtures/netpol/assertions-failing.yaml",
      "-f",
      shop,
      "-o",
      "json",
    ]);
    expect(run.code).toBe(1);
    const json = parse(run.stdout) as {
      failed: number;
      assertions: { ok: boolean; allowed: boolean; verdicts: { explanation: string }[] }[];
    };
    expect(json.failed).toBe(1);
    expect(json.assertions).toHaveLength(8);
    const failed = json.assertions.find((a) => !a.ok);
    expect(failed?.allowed).toBe(false);
    expect(failed?.verdicts[0]?.explanation).toContain("denied: shop/web -> shop/db-0");
  });

  it("names the assertion and field of a malformed file, exit 2", async () => {
    const run = await runCli([
      "netpol",
      "verify",
      "test/fixtures/netpol/assertions-bad.yaml",
      "-f",
      shop,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("assertions-bad.yaml: assertions[0].expect must be allow or deny");
  });
});

describe("tenet netpol matrix, explain and diff", () => {
  it("lists allowed connections in every format", async () => {
    const text = await runCli(["netpol", "matrix", "-f", shop]);
    expect(text.stdout).toContain("shop/api => shop/db-0 : TCP 5432");
    expect(text.stdout).not.toContain("shop/web => shop/db-0");
    const csv = await runCli(["netpol", "matrix", "-f", shop, "-o", "csv", "--workload", "db-0"]);
    expect(csv.stdout.split("\n")[0]).toBe("src,dst,conn");
    expect(csv.stdout).toContain("shop/api,shop/db-0,TCP 5432");
    expect(csv.stdout).not.toContain("shop/web,shop/api");
    const dot = await runCli(["netpol", "matrix", "-f", shop, "-o", "dot", "-n", "monitoring"]);
    expect(dot.stdout).toContain('"monitoring/prometheus" -> "shop/api" [label="TCP 9102"]');
  });

  it("explains isolation per pod, hostNetwork included", async () => {
    const run = await runCli(["netpol", "explain", "-f", shop, "--pod", "monitoring/prometheus"]);
    expect(run.stdout).toContain("ingress: not isolated");
  });

  it("shows connections added and removed between two sets of manifests", async () => {
    const run = await runCli(["netpol", "diff", shop, after]);
    expect(run.stdout).toBe("+ shop/web => shop/db-0 : TCP 5432\n");
    const back = await runCli(["netpol", "diff", after, shop, "-o", "json"]);
    expect(parse(back.stdout)).toEqual([
      { change: "removed", src: "shop/web", dst: "shop/db-0", conn: "TCP 5432" },
    ]);
  });
});

describe("tenet netpol with admin network policies", () => {
  it("names the admin rule that decides", async () => {
    const run = await runCli([
      "netpol",
      "can-reach",
      "-f",
      shop,
      "-f",
      "test/fixtures/netpol/admin.yaml",
      "--from",
      "monitoring/prometheus",
      "--to",
      "shop/db-0",
      "--port",
      "5432",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'ingress (shop/db-0): admin tier: Deny by AdminNetworkPolicy protect-db ingress[0] "only-shop"',
    );
  });
});
