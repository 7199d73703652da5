// The server under hostile or unlucky timing: slow clients are cut off without hurting others,
// a burst past capacity is refused at once, and shutdown drains what is in flight. Assertions
// are on the order of events, never on durations (the machine is shared and busy).
import { spawn } from "node:child_process";
import { request } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTenetServer,
  DEFAULT_LIMITS,
  type Route,
  type ServerLimits,
  type TenetServer,
} from "../../src/server/http-server.ts";
import { servingTls, type ServingTls } from "../../src/server/tls.ts";

let tls: ServingTls;
const started: TenetServer[] = [];

/** A route that answers only when the test opens its gate: requests held "in flight". */
function gated(holders = 1): { route: Route; entered: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  let allEntered = (): void => undefined;
  let count = 0;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const entered = new Promise<void>((resolve) => (allEntered = resolve));
  return {
    route: {
      method: "POST",
      authenticated: false,
      handle: async () => {
        count += 1;
        if (count === holders) allEntered();
        await gate;
        return { status: 200, body: { held: "released" } };
      },
    },
    entered,
    open: () => open(),
  };
}

const echo: Route = {
  method: "POST",
  authenticated: false,
  handle: (body) => ({ status: 200, body: { echo: body } }),
};

async function start(
  routes: Record<string, Route>,
  limits: ServerLimits = DEFAULT_LIMITS,
): Promise<{ tenet: TenetServer; port: number }> {
  const tenet = createTenetServer(tls, routes, limits);
  started.push(tenet);
  await new Promise<void>((resolve) => tenet.server.listen(0, "127.0.0.1", resolve));
  const address = tenet.server.address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  return { tenet, port: address.port };
}

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly connection?: string;
}

function post(port: number, path: string, body = "{}"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        ca: tls.cert,
        agent: false,
        headers: { "content-type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            ...(res.headers.connection === undefined ? {} : { connection: res.headers.connection }),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes `chunk` every 20 ms until the server closes the connection; what it answered. */
async function trickleUntilClosed(
  socket: TLSSocket,
  closed: Promise<string>,
  chunk: string,
): Promise<string> {
  const trickle = setInterval(() => {
    if (!socket.destroyed) socket.write(chunk);
  }, 20);
  try {
    return await closed;
  } finally {
    clearInterval(trickle);
  }
}

/** The server ended the request on its timeout: a 408, or a bare close. */
function expectCutOff(answer: string): void {
  expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
}

/** A raw TLS connection, to send exactly the bytes a misbehaving client would. */
function rawClient(port: number): Promise<{ socket: TLSSocket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca: tls.cert, servername: "localhost" });
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    socket.on("error", () => undefined); // a reset is one way of being cut off
    const closed = new Promise<string>((done) => socket.on("close", () => done(received)));
    socket.once("secureConnect", () => resolve({ socket, closed }));
    socket.once("error", reject);
  });
}

beforeAll(async () => {
  tls = await servingTls({ hosts: ["localhost", "127.0.0.1"] });
});
afterAll(async () => {
  await Promise.all(started.map((tenet) => tenet.shutdown(100)));
});

describe("routes that say when they are ready", () => {
  it("reads the body at once but parses it only once the route is ready", async () => {
    const order: string[] = [];
    let bothAsked = (): void => undefined;
    const asked = new Promise<void>((resolve) => (bothAsked = resolve));
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { port } = await start({
      "/held": {
        ...echo,
        ready: () => {
          order.push("ready asked");
          if (order.length === 2) bothAsked();
          return gate;
        },
        handle: (body) => {
          order.push("handled");
          return { status: 200, body: { echo: body } };
        },
      },
    });
    const malformed = post(port, "/held", "{not json");
    const answer = post(port, "/held", '{"n":1}');
    // A server that parsed at once would answer before the route is asked.
    await Promise.race([asked, malformed, answer]);
    expect(order).toEqual(["ready asked", "ready asked"]);
    open();
    // A body that does not parse is refused only now: the parse waited for the route.
    expect((await malformed).status).toBe(400);
    expect(await answer).toMatchObject({ status: 200, text: '{"echo":{"n":1}}' });
    expect(order).toEqual(["ready asked", "ready asked", "handled"]);
  });
});

describe("slow clients", () => {
  const limits = { ...DEFAULT_LIMITS, requestTimeoutMs: 400 };

  it("cuts off a client that sends the headers and stalls the body, while others are served", async () => {
    const { port } = await start({ "/echo": echo }, limits);
    const { socket, closed } = await rawClient(port);
    socket.write(
      "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
    );
    // Another client is served meanwhile (whether before or after the cut-off is up to the
    // scheduler of a busy machine, so the test does not say).
    const other = await post(port, "/echo", '{"n":1}');
    expect(other).toMatchObject({ status: 200, text: '{"echo":{"n":1}}' });
    expectCutOff(await closed);
  });

  it("cuts off a client that trickles its body a byte at a time", async () => {
    const { port } = await start({ "/echo": echo }, limits);
    const { socket, closed } = await rawClient(port);
    socket.write(
      "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n",
    );
    // Each byte keeps the connection busy, never idle: only the whole-request timeout ends it.
    expectCutOff(await trickleUntilClosed(socket, closed, " "));
    expect((await post(port, "/echo")).status).toBe(200);
  });

  it("cuts off a client that trickles its headers", async () => {
    const { port } = await start({ "/echo": echo }, limits);
    const { socket, closed } = await rawClient(port);
    socket.write("POST /echo HTTP/1.1\r\n");
    expectCutOff(await trickleUntilClosed(socket, closed, "x-slow: 1\r\n"));
  });

  it("cuts off a client that never completes the TLS handshake", async () => {
    const { port } = await start({ "/echo": echo }, limits);
    const { connect: plainConnect } = await import("node:net");
    const socket = plainConnect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    expect(socket.destroyed).toBe(true);
  });
});

describe("overload", () => {
  it("answers 429 with Retry-After at once past the in-flight limit, and serves again after", async () => {
    const held = gated(2);
    const { port } = await start(
      { "/held": held.route, "/echo": echo },
      { ...DEFAULT_LIMITS, maxInFlight: 2 },
    );
    const first = post(port, "/held");
    const second = post(port, "/held");
    await held.entered;
    const burst = await Promise.all([
      post(port, "/echo"),
      post(port, "/echo"),
      post(port, "/echo"),
    ]);
    // Refused while both slots are still held (the gate is shut): the 429s did not wait.
    expect(burst.map((reply) => reply.status)).toEqual([429, 429, 429]);
    held.open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect((await post(port, "/echo")).status).toBe(200);
  });
});

describe("graceful shutdown", () => {
  it("finishes requests in flight, refuses new connections, then closes", async () => {
    const held = gated();
    const { tenet, port } = await start({ "/held": held.route, "/echo": echo });
    const inFlight = post(port, "/held");
    await held.entered;
    let closed = false;
    const shutdown = tenet.shutdown(60_000).then(() => (closed = true));
    const refused = await post(port, "/echo").then(
      (reply) => `answered ${reply.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? "error",
    );
    expect(refused).toBe("ECONNREFUSED");
    expect(tenet.isDraining()).toBe(true);
    expect(closed).toBe(false); // still waiting for the request in flight
    held.open();
    // Answered, and told to close its connection: the next request goes to another replica.
    expect(await inFlight).toEqual({
      status: 200,
      text: '{"held":"released"}',
      connection: "close",
    });
    await shutdown;
    expect(closed).toBe(true);
  });

  it("tenet serve exits cleanly on SIGTERM", async () => {
    const bin = fileURLToPath(new URL("../../bin/tenet.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "serve", "--port", "0"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        if (stderr.includes("tenet serving")) resolve();
      });
      void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
    });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("SIGTERM: draining");
  }, 60_000);
});
