import { describe, expect, it } from "vitest";
import { contextOf, pod } from "../../../test/helpers/inventory.ts";
import { pssPinnedNamespace } from "../../../test/helpers/namespaces.ts";
import type { KubeObject } from "../../model/kube-object.ts";
import { hostProbesLifecycle } from "./host-probes-lifecycle.ts";

function statusOf(...objects: KubeObject[]): string | undefined {
  return hostProbesLifecycle.evaluate(contextOf(objects))[0]?.status;
}

describe("host-probes-lifecycle", () => {
  it("passes probes and hooks without host, or with an empty host", () => {
    expect(
      statusOf(
        pod("a", {
          containers: [
            {
              name: "c",
              livenessProbe: { httpGet: { path: "/", port: 80 } },
              readinessProbe: { tcpSocket: { port: 80, host: "" } },
              startupProbe: { exec: { command: ["true"] } },
              lifecycle: { preStop: { httpGet: { port: 80 } } },
            },
          ],
        }),
      ),
    ).toBe("pass");
  });

  it.each([
    [
      { livenessProbe: { httpGet: { host: "169.254.169.254", port: 80 } } },
      "livenessProbe.httpGet.host",
    ],
    [
      { readinessProbe: { tcpSocket: { host: "10.0.0.1", port: 22 } } },
      "readinessProbe.tcpSocket.host",
    ],
    [{ startupProbe: { httpGet: { host: "localhost", port: 1 } } }, "startupProbe.httpGet.host"],
    [
      { lifecycle: { postStart: { httpGet: { host: "db", port: 5432 } } } },
      "lifecycle.postStart.httpGet.host",
    ],
    [
      { lifecycle: { preStop: { tcpSocket: { host: "db", port: 5432 } } } },
      "lifecycle.preStop.tcpSocket.host",
    ],
  ])("fails %j", (handler, field) => {
    const [result] = hostProbesLifecycle.evaluate(
      contextOf([pod("a", { initContainers: [{ name: "i", ...handler }] })]),
    );
    expect(result?.status).toBe("fail");
    expect(result?.evidence?.["violations"]).toMatchObject([
      { container: "i", field: `spec.initContainers[0].${field}` },
    ]);
  });

  it("exists from v1.34: a namespace pinned to v1.33 skips it", () => {
    const ns = (version: string) => pssPinnedNamespace("app", version);
    const probing = pod(
      "a",
      { containers: [{ name: "c", livenessProbe: { httpGet: { host: "x" } } }] },
      "app",
    );
    expect(statusOf(ns("v1.33"), probing)).toBe("skip");
    expect(statusOf(ns("v1.34"), probing)).toBe("fail");
    expect(statusOf(ns("latest"), probing)).toBe("fail");
  });
});
