// GET requests to the Kubernetes API with the kubeconfig's credentials: retries with backoff
// where retrying makes sense (429, 5xx, dropped connections), and errors that say what is wrong.
import { request as httpRequest, type RequestOptions } from "node:https";
import { request as plainRequest, type IncomingMessage } from "node:http";
import { SourceError } from "../../model/errors.ts";
import { describeConnectionError, describeUnauthorized } from "./failures.ts";
import type { ResolvedKubeconfig } from "./kubeconfig.ts";

/** The server answered with an HTTP error status that retrying did not cure. */
export class ApiStatusError extends Error {
  override readonly name = "ApiStatusError";
  readonly status: number;
  readonly path: string;
  constructor(status: number, path: string, message: string) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

export interface ApiClientOptions {
  readonly requestTimeoutMs: number;
  readonly retry: RetryPolicy;
  /** Aborts every request in flight and every retry wait (the scan's overall timeout). */
  readonly signal: AbortSignal;
}

export interface ApiClient {
  readonly server: string;
  getJson(path: string, accept?: string): Promise<unknown>;
  close(): void;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const RETRY_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNREFUSED", "ETIMEDOUT", "ECONNABORTED"]);

export async function createApiClient(
  resolved: ResolvedKubeconfig,
  options: ApiClientOptions,
): Promise<ApiClient> {
  const base: RequestOptions = {};
  try {
    await resolved.config.applyToHTTPSOptions(base);
  } catch (error) {
    // Unreadable certificate files, a failing exec credential plugin, ...
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceError(`${resolved.origin}: cannot load credentials: ${reason}`, {
      cause: error,
    });
  }
  const server = resolved.cluster.server.replace(/\/+$/, "");
  const send = server.startsWith("http:") ? plainRequest : httpRequest;

  const once = (
    path: string,
    accept: string,
  ): Promise<{ status: number; body: string; retryAfter?: string }> =>
    new Promise((resolve, reject) => {
      const req = send(
        `${server}${path}`,
        {
          ...base,
          method: "GET",
          headers: { ...base.headers, Accept: accept },
          timeout: options.requestTimeoutMs,
          signal: options.signal,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const retryAfter = res.headers["retry-after"];
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ...(retryAfter === undefined ? {} : { retryAfter }),
            });
          });
        },
      );
      req.on("timeout", () => {
        req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" }));
      });
      req.on("error", reject);
      req.end();
    });

  const getJson = async (path: string, accept = "application/json"): Promise<unknown> => {
    const { attempts } = options.retry;
    for (let attempt = 1; ; attempt++) {
      let retryAfter: string | undefined;
      try {
        const response = await once(path, accept);
        if (response.status >= 200 && response.status < 300) return parseJson(response.body, path);
        if (response.status === 401) throw new SourceError(describeUnauthorized(resolved));
        if (!RETRY_STATUSES.has(response.status) || attempt >= attempts) {
          throw new ApiStatusError(
            response.status,
            path,
            statusMessage(response.status, response.body),
          );
        }
        retryAfter = response.retryAfter;
      } catch (error) {
        if (error instanceof ApiStatusError || error instanceof SourceError) throw error;
        if (options.signal.aborted) throw options.signal.reason as Error;
        const code = (error as { code?: string }).code ?? "";
        if (!RETRY_CODES.has(code) || attempt >= attempts) {
          throw new SourceError(describeConnectionError(error, server, resolved.origin), {
            cause: error,
          });
        }
      }
      await sleep(delayOf(attempt, options.retry, retryAfter), options.signal);
    }
  };

  return {
    server,
    getJson,
    close: () => {
      // Keep-alive sockets would hold the process open after the scan.
      (base.agent as { destroy?: () => void } | undefined)?.destroy?.();
    },
  };
}

/** Exponential backoff with full jitter; a server's Retry-After (seconds) wins, capped. */
export function delayOf(attempt: number, retry: RetryPolicy, retryAfter?: string): number {
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, retry.maxDelayMs);
  const ceiling = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function parseJson(body: string, path: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new SourceError(`GET ${path}: the server's answer is not JSON`, { cause: error });
  }
}

/** The message of a `Status` body when there is one (`secrets is forbidden: User "x" ...`). */
function statusMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === "string") return `${status}: ${parsed.message}`;
  } catch {
    // Not a Status object: fall through to the bare code.
  }
  return `HTTP ${status}`;
}
