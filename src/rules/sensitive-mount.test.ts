import { describe, expect, it } from "vitest";
import { write } from "../../test/monitor/events.ts";
import { sensitiveMount } from "./sensitive-mount.ts";

const pod = (...paths: string[]) => ({
  spec: { volumes: paths.map((path, index) => ({ name: `v${index}`, hostPath: { path } })) },
});

describe("sensitive-mount", () => {
  it("fires on the runtime socket and the node's root, not on other paths", () => {
    const hit = sensitiveMount.match(write("pods", pod("/var/log", "/var/run/docker.sock", "/")));
    expect(hit?.evidence).toEqual({ paths: ["/var/run/docker.sock", "/"] });
  });
  it("counts paths below a sensitive directory, with trailing slashes", () => {
    expect(sensitiveMount.match(write("pods", pod("/etc/kubernetes/pki/")))).toBeDefined();
  });
  it("stays quiet on an ordinary host path", () => {
    expect(sensitiveMount.match(write("pods", pod("/var/log", "/data")))).toBeUndefined();
  });
});
