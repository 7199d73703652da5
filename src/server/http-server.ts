import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

/** A JSON answer; handlers return data and never touch the socket. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

export interface Route {
  readonly method: "GET" | "POST";
  /** POST routes receive the parsed JSON body, and the bytes it was parsed from. */
  readonly handle: (body: unknown, bytes: Buffer) => JsonAnswer | Promise<JsonAnswer>;
  /** Requires a client certificate signed by the configured client CA. */
  readonly authenticated: boolean;
  /**
   * Resolves when the handler can take a body soon. The body is read at once but parsed only
   * then, so that the parse fills time the event loop would otherwise wait in.
   */
  readonly ready?: () => Promise<void>;
}

export interface ServerLimits {
  /** Largest accepted body; larger ones get 413 before they are read whole. */
  readonly maxBodyBytes: number;
  /** Requests handled at once; more get 429 so that the caller retries. */
  readonly maxInFlight: number;
  /** Time allowed for the whole request to arrive (slow clients are cut off). */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxInFlight: 512,
  requestTimeoutMs: 15_000,
};

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** CA for client certificates; when set, authenticated routes demand one. */
  readonly clientCa?: string;
}

export interface TenetServer {
  readonly server: Server;
  /** Stops taking requests, answers those in flight (up to `graceMs`), then closes. */
  readonly shutdown: (graceMs?: number) => Promise<void>;
  readonly isDraining: () => boolean;
}

const EMPTY: Buffer = Buffer.alloc(0);

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** An HTTPS-only server over a route table: TLS, size limits, overload answers, draining. */
export function createTenetServer(
  tls: TlsMaterial,
  routes: Readonly<Record<string, Route>>,
  limits: ServerLimits = DEFAULT_LIMITS,
): TenetServer {
  let inFlight = 0;
  let draining = false;
  const headersTimeout = Math.min(10_000, limits.requestTimeoutMs);
  const server = createServer(
    {
      cert: tls.cert,
      key: tls.key,
      minVersion: "TLSv1.2",
      // A client that never finishes its TLS handshake holds a socket as surely as a slow body.
      handshakeTimeout: headersTimeout,
      headersTimeout,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default), so a slow client
      // could outlive its timeout by that much.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
      ...(tls.clientCa === undefined
        ? {}
        : { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false }),
    },
    (request, response) => {
      if (inFlight >= limits.maxInFlight) {
        send(
          response,
          { status: 429, body: { error: "too many requests in flight" } },
          { "retry-after": "1" },
        );
        request.resume();
        return;
      }
      inFlight += 1;
      response.on("close", () => {
        inFlight -= 1;
      });
      handle(request, response).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof HttpError ? error.message : "internal error";
        if (!response.headersSent) send(response, { status, body: { error: message } });
        else response.destroy();
      });
    },
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    // While draining, each answer closes its connection: the caller's next request opens a
    // new one, which lands on another replica (the listener here is closed).
    if (draining) response.setHeader("connection", "close");
    if (path === "/readyz" && draining) {
      send(response, { status: 503, body: { status: "draining" } });
      return;
    }
    const route = routes[path];
    if (route === undefined) throw new HttpError(404, `no such path: ${path}`);
    if (request.method !== route.method)
      throw new HttpError(405, `use ${route.method} for ${path}`);
    if (
      route.authenticated &&
      tls.clientCa !== undefined &&
      !(request.socket as TLSSocket).authorized
    ) {
      throw new HttpError(401, "a client certificate signed by the configured CA is required");
    }
    let body: unknown;
    let bytes = EMPTY;
    if (route.method === "POST") {
      const type = request.headers["content-type"] ?? "";
      if (!type.startsWith("application/json")) {
        request.resume();
        throw new HttpError(415, "expected Content-Type application/json");
      }
      bytes = await readBody(request, limits.maxBodyBytes);
      if (route.ready !== undefined) await route.ready();
      body = parseJson(bytes.toString("utf8"));
    }
    send(response, await route.handle(body, bytes));
  }

  return {
    server,
    isDraining: () => draining,
    shutdown: async (graceMs = 10_000) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

function send(
  response: ServerResponse,
  answer: JsonAnswer,
  headers: Record<string, string> = {},
): void {
  const text = answer.contentType === undefined ? JSON.stringify(answer.body) : String(answer.body);
  response.writeHead(answer.status, {
    "content-type": answer.contentType ?? "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** The whole body, refused with 413 past `limit` (declared or actual) before it is all read. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > limit) {
    request.resume();
    return Promise.reject(new HttpError(413, `body over ${limit} bytes`));
  }
  // Plain events rather than `for await`: the async iterator cost a promise per chunk and
  // showed in the per-request profile.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.destroy();
        reject(new HttpError(413, `body over ${limit} bytes`));
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("error", reject);
    // A client gone mid-body settles the read too (a no-op once it has ended).
    request.on("close", () => reject(new HttpError(400, "the body ended early")));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `malformed JSON: ${(error as Error).message}`);
  }
}
