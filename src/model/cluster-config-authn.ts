// How an apiserver authenticates and authorizes, from its flags and, when it names them, its
// AuthenticationConfiguration and AuthorizationConfiguration; defaults and the interplay of
// flags follow the apiserver's options code.
import { flagBoolean, flagList, flagValue } from "./cluster-config-flags.ts";
import {
  configFileFor,
  type ApiserverConfig,
  type ClusterConfig,
  type ConfigObject,
} from "./cluster-config.ts";
import { booleanAt, objectAt, objectsAt, stringAt } from "./fields.ts";

/** The endpoints an anonymous request may reach without being a finding. */
export const HEALTH_PATHS: ReadonlySet<string> = new Set(["/healthz", "/livez", "/readyz"]);

export type AnonymousAuth =
  | { readonly state: "off"; readonly why: string }
  /** On for the listed paths only; `paths` empty means every path. */
  | { readonly state: "on"; readonly paths: readonly string[]; readonly why: string }
  | { readonly state: "unknown"; readonly why: string };

/** Whether the apiserver serves anonymous requests, and where. */
export function anonymousAuthOf(apiserver: ApiserverConfig, config: ClusterConfig): AnonymousAuth {
  const file = configFileFor(
    apiserver,
    "authentication-config",
    config.authenticationConfigs,
    (item) => item.file,
  );
  // The file's `anonymous` section and the flag are exclusive: the apiserver refuses both.
  const section =
    file !== undefined && "item" in file ? objectAt(file.item.object, "anonymous") : undefined;
  if (section !== undefined) {
    if (booleanAt(section, "enabled") !== true)
      return { state: "off", why: "disabled by the AuthenticationConfiguration" };
    const paths = objectsAt(section, "conditions").flatMap(
      (condition) => stringAt(condition, "path") ?? [],
    );
    return { state: "on", paths, why: "enabled by the AuthenticationConfiguration" };
  }
  const given = flagValue(apiserver, "anonymous-auth");
  if (file !== undefined && "missing" in file && given === undefined) {
    return { state: "unknown", why: `it may be set in the authentication config: ${file.missing}` };
  }
  const enabled = flagBoolean(apiserver, "anonymous-auth", true);
  if (enabled === undefined)
    return { state: "unknown", why: `--anonymous-auth=${given ?? ""} is not a boolean` };
  if (!enabled) return { state: "off", why: "--anonymous-auth=false" };
  // The apiserver resets anonymous auth to false when AlwaysAllow (the default mode) is in use.
  const authorizers = authorizersOf(apiserver, config);
  if (authorizers.from !== "file" && authorizers.modes.includes("AlwaysAllow")) {
    return {
      state: "off",
      why: "reset to false by the apiserver because AlwaysAllow authorization is in use",
    };
  }
  return {
    state: "on",
    paths: [],
    why: given === undefined ? "--anonymous-auth defaults to true" : "--anonymous-auth=true",
  };
}

export type Authorizers =
  | { readonly from: "flag" | "default" | "file"; readonly modes: readonly string[] }
  | { readonly from: "unknown"; readonly modes: readonly string[]; readonly why: string };

/** The authorizer chain, in order: `--authorization-config`'s file, else the flag, else AlwaysAllow. */
export function authorizersOf(apiserver: ApiserverConfig, config: ClusterConfig): Authorizers {
  const file = configFileFor(
    apiserver,
    "authorization-config",
    config.authorizationConfigs,
    (item) => item.file,
  );
  if (file !== undefined && "missing" in file)
    return { from: "unknown", modes: [], why: file.missing };
  if (file !== undefined) {
    const modes = objectsAt(file.item.object, "authorizers").flatMap(
      (authorizer) => stringAt(authorizer, "type") ?? [],
    );
    return { from: "file", modes };
  }
  const modes = flagList(apiserver, "authorization-mode");
  return modes === undefined
    ? { from: "default", modes: ["AlwaysAllow"] }
    : { from: "flag", modes };
}

/** The JWT issuers (OIDC providers) of an AuthenticationConfiguration. */
export function jwtIssuersOf(config: ConfigObject): readonly string[] {
  return objectsAt(config.object, "jwt").map((jwt) => stringAt(jwt, "issuer", "url") ?? "(no url)");
}
