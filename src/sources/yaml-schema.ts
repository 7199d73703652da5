import type { Tags } from "yaml";

// Kubernetes reads YAML with go-yaml v2 (via sigs.k8s.io/yaml), which follows YAML 1.1: `yes`,
// `on` are booleans and `0644` is octal 420. Its timestamps, `!!binary`, sets and ordered maps
// still end up as JSON strings, maps and sequences, so those 1.1 tags are not resolved here
// (plain timestamps stay strings; sexagesimal `1:20` is a string in go-yaml too).
const DROPPED_TAGS = new Set([
  "tag:yaml.org,2002:timestamp",
  "tag:yaml.org,2002:binary",
  "tag:yaml.org,2002:omap",
  "tag:yaml.org,2002:pairs",
  "tag:yaml.org,2002:set",
]);

export function kubernetesTags(tags: Tags): Tags {
  return tags.filter(
    (tag) => typeof tag === "string" || (!DROPPED_TAGS.has(tag.tag) && tag.format !== "TIME"),
  );
}
