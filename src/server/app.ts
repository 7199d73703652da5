import { answerAdmission, type AdmissionConfig } from "./admission/handler.ts";
import type { Route } from "./http-server.ts";

export interface AppOptions {
  readonly admission: AdmissionConfig;
  readonly isReady: () => boolean;
  /** The audit webhook backend's endpoint, when `tenet serve` stores audit events. */
  readonly audit?: Pick<Route, "handle" | "ready">;
}

/** Tenet's HTTP API as a route table; `tenet serve` puts it behind the TLS server. */
export function tenetRoutes(options: AppOptions): Record<string, Route> {
  const { admission } = options;
  const timed = (endpoint: "validate" | "mutate") => (body: unknown) => {
    const stop = admission.metrics.admissionDuration.startTimer({ endpoint });
    try {
      return answerAdmission(endpoint, body, admission);
    } finally {
      stop();
    }
  };
  return {
    "/validate": { method: "POST", authenticated: true, handle: timed("validate") },
    "/mutate": { method: "POST", authenticated: true, handle: timed("mutate") },
    ...(options.audit === undefined
      ? {}
      : { "/audit": { method: "POST", authenticated: true, ...options.audit } as const }),
    ...(admission.ledger === undefined
      ? {}
      : {
          "/policyreports": {
            method: "GET",
            authenticated: true,
            handle: () => ({
              status: 200,
              body: {
                apiVersion: "v1",
                kind: "List",
                items: admission.ledger?.policyReports(admission.now()) ?? [],
              },
            }),
          } as const,
        }),
    "/healthz": {
      method: "GET",
      authenticated: false,
      handle: () => ({ status: 200, body: { status: "ok" } }),
    },
    "/readyz": {
      method: "GET",
      authenticated: false,
      handle: () =>
        options.isReady()
          ? { status: 200, body: { status: "ready" } }
          : { status: 503, body: { status: "starting" } },
    },
    "/metrics": {
      method: "GET",
      authenticated: true,
      handle: async () => ({
        status: 200,
        body: await admission.metrics.registry.metrics(),
        contentType: admission.metrics.registry.contentType,
      }),
    },
  };
}
