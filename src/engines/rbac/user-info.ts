import type { UserInfo } from "./types.ts";

export const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
export const ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";
export const AUTHENTICATED = "system:authenticated";
export const UNAUTHENTICATED = "system:unauthenticated";
export const ANONYMOUS = "system:anonymous";

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** `system:serviceaccount:<ns>:<name>` split, or undefined (serviceaccount.SplitUsername). */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  const [namespace, name] = parts;
  if (parts.length !== 2 || namespace === undefined || name === undefined) return undefined;
  if (namespace === "" || name === "") return undefined;
  return { namespace, name };
}

/** The groups the token authenticator gives every ServiceAccount of a namespace. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`];
}

/**
 * The user an impersonating request acts as (`kubectl --as/--as-group`), as the apiserver's
 * impersonation filter builds it: a ServiceAccount username without groups gets its fixed
 * groups; a non-anonymous user gets `system:authenticated` unless a group says
 * (un)authenticated already; `system:anonymous` gets `system:unauthenticated`.
 */
export function impersonatedUser(name: string, groups: readonly string[] = []): UserInfo {
  const result = [...groups];
  const serviceAccount = splitServiceAccountUsername(name);
  if (serviceAccount !== undefined && result.length === 0) {
    result.push(...serviceAccountGroups(serviceAccount.namespace));
  }
  if (name !== ANONYMOUS) {
    if (!result.includes(AUTHENTICATED) && !result.includes(UNAUTHENTICATED)) {
      result.push(AUTHENTICATED);
    }
  } else if (!result.includes(UNAUTHENTICATED)) {
    result.push(UNAUTHENTICATED);
  }
  return { name, groups: result };
}
