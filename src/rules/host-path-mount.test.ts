import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { hostPathMount } from "./host-path-mount.ts";

describe("host-path-mount", () => {
  it("fires on a DaemonSet mounting a host path", () => {
    const object = {
      spec: { template: { spec: { volumes: [{ name: "logs", hostPath: { path: "/var/log" } }] } } },
    };
    expect(hostPathMount.match(write("daemonsets", object))?.evidence).toEqual({
      paths: ["/var/log"],
    });
  });
  it("stays quiet on emptyDir volumes", () => {
    const object = { spec: { volumes: [{ name: "tmp", emptyDir: {} }] } };
    expect(hostPathMount.match(write("pods", object))).toBeUndefined();
  });
});
