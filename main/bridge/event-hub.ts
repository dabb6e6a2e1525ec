import type { ServerResponse } from 'node:http';
import type { Events } from '../../shared/api-contract';
import type { Emit } from '../api/core-deps';

/**
 * Server-sent events for the browser bridge: the core's `emit` fans out to every connected page as
 * `event: <channel>` / `data: <json>`. Created before the core (the core needs `emit`), attached to the
 * HTTP server afterwards.
 */
export interface EventHub {
  emit: Emit;
  /** Turns `res` into an event stream until the client goes away or the hub closes. */
  attach(res: ServerResponse): void;
  clientCount(): number;
  close(): void;
}

export function createEventHub(opts: { heartbeatMs?: number } = {}): EventHub {
  const clients = new Set<ServerResponse>();
  // A comment line now and then keeps proxies and idle timers from closing a quiet stream.
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    emit<K extends keyof Events>(channel: K, payload: Events[K]) {
      const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of clients) res.write(frame);
    },
    attach(res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      // Tell EventSource how soon to reconnect after a drop, then confirm the stream is open.
      res.write('retry: 2000\n: connected\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    clientCount: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
