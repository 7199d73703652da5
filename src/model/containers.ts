import { objectsAt, stringAt, type JsonObject } from "./fields.ts";

export const CONTAINER_KINDS = ["initContainers", "containers", "ephemeralContainers"] as const;
export type ContainerKind = (typeof CONTAINER_KINDS)[number];

/** A container of a pod spec, with the list it belongs to (PSS covers all three). */
export interface ContainerView {
  readonly kind: ContainerKind;
  readonly name: string;
  readonly index: number;
  readonly spec: JsonObject;
}

/** Every container of a pod spec: init, regular and ephemeral, in that order. */
export function containersOf(podSpec: JsonObject): readonly ContainerView[] {
  return CONTAINER_KINDS.flatMap((kind) =>
    objectsAt(podSpec, kind).map((spec, index) => ({
      kind,
      name: stringAt(spec, "name") ?? `${kind}[${index}]`,
      index,
      spec,
    })),
  );
}
