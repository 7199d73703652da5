import { describe, expect, it } from "vitest";
import { contextOf, inventoryOf, pod } from "../../test/helpers/inventory.ts";
import type { KubeObject } from "./kube-object.ts";
import {
  evaluatePssControl,
  parseImageReference,
  parsePssLevel,
  parsePssVersion,
  profileTypeAt,
  PSS_LATEST_MINOR,
  pssMinorFor,
  type PssControl,
} from "./pod-security.ts";

function namespace(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

describe("parsePssVersion", () => {
  it.each([
    ["latest", PSS_LATEST_MINOR],
    ["v1.0", 0],
    ["v1.25", 25],
    ["v1.99", 99],
  ])("accepts %s", (label, minor) => {
    expect(parsePssVersion(label)).toBe(minor);
  });

  it.each(["1.25", "v1.025", "v2.0", "v1.", "v1.x", "Latest", " v1.25", ""])(
    "rejects %j",
    (label) => {
      expect(parsePssVersion(label)).toBeUndefined();
    },
  );
});

describe("parsePssLevel", () => {
  it("accepts the three levels and nothing else", () => {
    expect(["privileged", "baseline", "restricted"].map(parsePssLevel)).toEqual([
      "privileged",
      "baseline",
      "restricted",
    ]);
    expect(parsePssLevel("Restricted")).toBeUndefined();
  });
});

describe("pssMinorFor", () => {
  it("reads enforce-version, clamps newer versions and defaults to latest", () => {
    const inventory = inventoryOf(
      namespace("old", { "pod-security.kubernetes.io/enforce-version": "v1.22" }),
      namespace("future", { "pod-security.kubernetes.io/enforce-version": "v1.99" }),
      namespace("typo", { "pod-security.kubernetes.io/enforce-version": "1.22" }),
      namespace("bare", {}),
    );
    expect(pssMinorFor(inventory, "old")).toBe(22);
    expect(pssMinorFor(inventory, "future")).toBe(PSS_LATEST_MINOR);
    expect(pssMinorFor(inventory, "typo")).toBe(PSS_LATEST_MINOR);
    expect(pssMinorFor(inventory, "bare")).toBe(PSS_LATEST_MINOR);
    expect(pssMinorFor(inventory, "absent")).toBe(PSS_LATEST_MINOR);
  });
});

describe("evaluatePssControl", () => {
  const control: PssControl = {
    id: "demo",
    level: "baseline",
    control: "Demo",
    since: 30,
    judge: (candidate, minor) =>
      candidate.spec["hostNetwork"] === true ? [{ field: "spec.hostNetwork", value: minor }] : [],
  };

  it("skips pods whose namespace pins a version before the control existed", () => {
    const { inventory } = contextOf([
      namespace("old", { "pod-security.kubernetes.io/enforce-version": "v1.29" }),
      pod("p", { hostNetwork: true }, "old"),
    ]);
    const [result] = evaluatePssControl(inventory, control);
    expect(result?.status).toBe("skip");
    expect(result?.message).toContain("v1.30");
    expect(result?.message).toContain("v1.29");
  });

  it("judges at the pinned version once the control exists, with evidence", () => {
    const { inventory } = contextOf([
      namespace("pinned", { "pod-security.kubernetes.io/enforce-version": "v1.30" }),
      pod("p", { hostNetwork: true }, "pinned"),
      pod("q", {}, "pinned"),
    ]);
    const results = evaluatePssControl(inventory, control);
    expect(results.map((result) => result.status)).toEqual(["fail", "pass"]);
    expect(results[0]?.evidence).toEqual({
      version: "v1.30",
      violations: [{ field: "spec.hostNetwork", value: 30 }],
    });
  });
});

describe("parseImageReference", () => {
  const digest = `sha256:${"a".repeat(64)}`;
  it.each([
    ["nginx", { repository: "nginx" }],
    ["nginx:1.27", { repository: "nginx", tag: "1.27" }],
    ["registry:5000/team/app", { repository: "registry:5000/team/app" }],
    ["registry:5000/team/app:v2", { repository: "registry:5000/team/app", tag: "v2" }],
    [`nginx@${digest}`, { repository: "nginx", digest }],
    [`nginx:1.27@${digest}`, { repository: "nginx", tag: "1.27", digest }],
    ["nginx@sha256:abc", { repository: "nginx@sha256", tag: "abc" }],
  ])("parses %s", (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });
});

describe("profileTypeAt", () => {
  it("tells an unset profile from one set without a type", () => {
    expect(profileTypeAt({}, "seccompProfile")).toBeUndefined();
    expect(
      profileTypeAt({ securityContext: { seccompProfile: null } }, "seccompProfile"),
    ).toBeUndefined();
    expect(profileTypeAt({ securityContext: { seccompProfile: {} } }, "seccompProfile")).toBe("");
    expect(
      profileTypeAt(
        { securityContext: { appArmorProfile: { type: "Localhost" } } },
        "appArmorProfile",
      ),
    ).toBe("Localhost");
  });
});

describe("pssMinorFor with a PodSecurity admission configuration", () => {
  it("uses the configured enforce-version for unlabeled namespaces", () => {
    const inventory = inventoryOf(
      {
        apiVersion: "apiserver.config.k8s.io/v1",
        kind: "AdmissionConfiguration",
        metadata: { name: "admission" },
        plugins: [
          {
            name: "PodSecurity",
            configuration: { defaults: { enforce: "restricted", "enforce-version": "v1.30" } },
          },
        ],
      },
      namespace("bare", {}),
      namespace("own", { "pod-security.kubernetes.io/enforce-version": "v1.33" }),
    );
    expect(pssMinorFor(inventory, "bare")).toBe(30);
    expect(pssMinorFor(inventory, "own")).toBe(33);
    expect(pssMinorFor(inventory, "absent")).toBe(30);
  });
});
