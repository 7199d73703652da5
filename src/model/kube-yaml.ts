import { stringify } from "yaml";

/**
 * YAML that kubectl and Tenet's own loader read back unchanged. Both resolve scalars as YAML 1.1
 * (sigs.k8s.io/yaml), where `yes`, `on` and `y` are booleans and `0644` is octal: written as
 * YAML 1.2 (the `yaml` package's default) the string "yes" would come back as `true`.
 */
export function toKubernetesYaml(value: unknown): string {
  return stringify(value, { version: "1.1", lineWidth: 0 });
}
