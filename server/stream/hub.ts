import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClusterHealth, FleetHealth } from '../../shared/health';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol';
import type { Logger } from '../log';

export interface StreamHubOptions {
  server: Server;
  path?: string;
  /** The current full state, sent to every client on connect. */
  snapshot: () => FleetHealth;
  heartbeatMs?: number;
  logger: Logger;
  now?: () => number;
}

export interface StreamHub {
  publishCluster(cluster: ClusterHealth): void;
  clientCount(): number;
  close(): Promise<void>;
}

/** The websocket hub of /ws: hello and snapshot on connect, then per-cluster deltas. */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const now = options.now ?? Date.now;
  const wss = new WebSocketServer({ server: options.server, path: options.path ?? '/ws' });
  let seq = 0;

  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  wss.on('connection', (socket) => {
    send(socket, { type: 'hello', protocol: PROTOCOL_VERSION, serverTime: now() });
    send(socket, { type: 'snapshot', seq, health: options.snapshot() });
  });
  wss.on('error', (error) => options.logger.error({ err: error }, 'websocket server error'));

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) send(socket, { type: 'heartbeat', serverTime: now() });
  }, options.heartbeatMs ?? 5000);
  heartbeat.unref();

  return {
    publishCluster(cluster) {
      seq++;
      const text = JSON.stringify({ type: 'cluster', seq, cluster } satisfies ServerMessage);
      for (const socket of wss.clients) if (socket.readyState === socket.OPEN) socket.send(text);
    },
    clientCount: () => wss.clients.size,
    close() {
      clearInterval(heartbeat);
      for (const socket of wss.clients) socket.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
