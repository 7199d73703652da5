// CPU per admission answer without TLS or HTTP: answerAdmission on the bench reviews, in process.
// A steadier figure than wall time on a shared machine; `node bench/admission/handler-cpu.ts [n]`.
import { readFileSync } from "node:fs";
import { checks } from "../../src/checks/index.ts";
import { DEFAULT_POLICY } from "../../src/evaluate/admission/policy.ts";
import { createAuditLedger } from "../../src/server/admission/audit-ledger.ts";
import { answerAdmission } from "../../src/server/admission/handler.ts";
import { createMetrics } from "../../src/server/metrics.ts";

const iterations = Number(process.argv[2] ?? "20000");
const texts = (
  JSON.parse(readFileSync(new URL("reviews.json", import.meta.url), "utf8")) as unknown[]
).map((review) => JSON.stringify(review));
const config = {
  checks,
  policy: DEFAULT_POLICY,
  exceptions: [],
  failureMode: "closed" as const,
  now: () => new Date(),
  metrics: createMetrics(),
  log: () => undefined,
  ledger: createAuditLedger(checks),
};
const run = (count: number): void => {
  for (let index = 0; index < count; index += 1) {
    const text = texts[index % texts.length] ?? "{}";
    JSON.stringify(answerAdmission("validate", JSON.parse(text), config).body);
  }
};
run(2000); // JIT warm-up
const before = process.cpuUsage();
run(iterations);
const used = process.cpuUsage(before);
process.stdout.write(
  `${JSON.stringify({ iterations, cpuMsPerAnswer: Math.round(((used.user + used.system) / 1000 / iterations) * 1000) / 1000 })}\n`,
);
