export {
  loadLiveCluster,
  type LiveLoadOptions,
  type LiveLoadResult,
  type LiveProgress,
  type UnobservedKind,
} from "./load.ts";
