import { describe, expect, it } from "vitest";
import { inventoryOf, pod } from "../../test/helpers/inventory.ts";
import type { PodTemplateView } from "./pod-template.ts";
import { relaxedInUserNamespace } from "./pss-user-namespace.ts";

const violation = { field: "spec.securityContext.runAsUser", value: 0 };
const judge = relaxedInUserNamespace(() => [violation]);

function podOf(spec: Record<string, unknown>): PodTemplateView {
  const [view] = inventoryOf(pod("a", spec)).pods;
  if (view === undefined) throw new Error("no pod");
  return view;
}

describe("relaxedInUserNamespace", () => {
  it("lets a pod with hostUsers: false pass from v1.35", () => {
    expect(judge(podOf({ hostUsers: false }), 35)).toEqual([]);
    expect(judge(podOf({ hostUsers: false }), 36)).toEqual([]);
  });

  it("judges it as before up to v1.34", () => {
    expect(judge(podOf({ hostUsers: false }), 34)).toEqual([violation]);
  });

  it("judges a pod that shares the node's user namespace at every version", () => {
    expect(judge(podOf({ hostUsers: true }), 36)).toEqual([violation]);
    expect(judge(podOf({}), 36)).toEqual([violation]);
  });
});
