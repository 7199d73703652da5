import { ecsLine, toEcs } from "../../monitor/ecs.ts";
import type { Alert } from "../../monitor/alert.ts";

export type AlertSink = (alerts: readonly Alert[]) => void;

/** ECS JSON lines to a stream (stdout, or a file Filebeat or Fluent Bit tails). */
export function streamSink(stream: NodeJS.WritableStream): AlertSink {
  return (alerts) => {
    if (alerts.length > 0) stream.write(alerts.map(ecsLine).join(""));
  };
}

export interface WebhookSinkOptions {
  readonly url: string;
  readonly attempts?: number;
  readonly firstDelayMs?: number;
  /** Alerts waiting beyond this are dropped (and reported) rather than exhausting memory. */
  readonly maxQueued?: number;
  readonly log: (entry: Record<string, unknown>) => void;
  readonly fetch?: typeof fetch;
}

export interface WebhookSink {
  readonly sink: AlertSink;
  /** Resolves when everything queued was delivered or given up on. */
  readonly flush: () => Promise<void>;
}

/**
 * POSTs alerts as a JSON array of ECS documents, one request at a time in order, retrying a
 * failed delivery (network error or non-2xx) with exponential backoff.
 */
export function webhookSink(options: WebhookSinkOptions): WebhookSink {
  const attempts = options.attempts ?? 5;
  const firstDelay = options.firstDelayMs ?? 500;
  const maxQueued = options.maxQueued ?? 100_000;
  const send = options.fetch ?? fetch;
  const queue: Alert[][] = [];
  let queued = 0;
  let running: Promise<void> | undefined;

  async function deliver(batch: readonly Alert[]): Promise<void> {
    const body = JSON.stringify(batch.map(toEcs));
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await send(options.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        if (response.ok) return;
        options.log({ msg: "alert webhook refused", status: response.status, attempt });
      } catch (error) {
        options.log({ msg: "alert webhook unreachable", error: String(error), attempt });
      }
      if (attempt < attempts)
        await new Promise((resolve) => setTimeout(resolve, firstDelay * 2 ** (attempt - 1)));
    }
    options.log({ msg: "alert webhook gave up", alerts: batch.length });
  }

  async function drain(): Promise<void> {
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      queued -= batch.length;
      await deliver(batch);
    }
    running = undefined;
  }

  return {
    sink: (alerts) => {
      if (alerts.length === 0) return;
      if (queued + alerts.length > maxQueued) {
        options.log({ msg: "alert webhook queue full, alerts dropped", alerts: alerts.length });
        return;
      }
      queue.push([...alerts]);
      queued += alerts.length;
      running ??= drain();
    },
    flush: async () => {
      while (running !== undefined) await running;
    },
  };
}
