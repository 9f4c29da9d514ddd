import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FleetEvent } from '../../shared/events';
import type { ClusterHealth } from '../../shared/health';
import type { WallSettings } from '../../shared/wall';
import { CLOSE_CODES, PROTOCOL_VERSION, type ServerMessage, type SparkPoint, type StreamReports } from '../../shared/protocol';
import type { ServerStatus } from '../../shared/server-status';
import type { Verdict } from '../auth/gate';
import type { Logger } from '../log';
import { ChangeLog } from './change-log';
import { originAllowed } from './origin';
import { StreamState } from './stream-state';

/** Tuning of the hub; every field has a default (see DEFAULT_STREAM_SETTINGS). */
export interface StreamSettings {
  /** At most this many state deltas per second to one client (events may flush sooner). */
  maxUpdatesPerSecond: number;
  /** Origins allowed besides the server's own ("*" for any). */
  allowedOrigins: readonly string[];
  /** A client whose unsent buffer passes this many bytes is skipped until it drains. */
  maxBufferedBytes: number;
  /** A client skipped for longer than this is disconnected. */
  slowClientTimeoutMs: number;
  /** Ping every this often; a client that did not answer the previous ping is disconnected. */
  pingIntervalMs: number;
  /** Every open socket is judged again (options.admit) this often; one refused (401, 403) is closed with 4401. */
  recheckAccessMs: number;
  heartbeatMs: number;
  /** Changes kept for catching up and resuming. */
  replayChanges: number;
  sparkPoints: number;
  recentEvents: number;
  /** Most events in one delta; the rest are counted in eventsDropped. */
  maxEventsPerDelta: number;
  staleAfterMs: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  maxUpdatesPerSecond: 2,
  allowedOrigins: [],
  maxBufferedBytes: 1024 * 1024,
  slowClientTimeoutMs: 30_000,
  pingIntervalMs: 30_000,
  recheckAccessMs: 60_000,
  heartbeatMs: 5_000,
  replayChanges: 1024,
  sparkPoints: 60,
  recentEvents: 200,
  maxEventsPerDelta: 500,
  staleAfterMs: 5 * 60_000,
};

export interface StreamHubOptions {
  server: Server;
  path?: string;
  logger: Logger;
  settings?: Partial<StreamSettings>;
  now?: () => number;
  /** fleetscope's own condition, sent with hello and every heartbeat (default: a store that works). */
  serverStatus?: () => ServerStatus;
  /**
   * Judges each upgrade whose Origin passed: the Host check (DNS rebinding)
   * and authentication, by the same gate as every route (server/auth/gate.ts).
   * A refusal is answered with its status and a JSON `{ error, detail }`
   * before any websocket exists. Absent: every upgrade whose Origin passes.
   */
  admit?: (req: IncomingMessage) => Promise<Verdict>;
  /** The server's version and source revision, sent with hello (a wall reloads when they change). */
  build?: { version: string; revision: string };
  /** The config's wall playlists, sent with hello. */
  wall?: WallSettings;
}

/** What the rest of fleetscope publishes into the stream. */
export interface StreamPublisher {
  /** A cluster's health changed; `point` adds one value to its sparkline. */
  publishCluster(health: ClusterHealth, points?: readonly SparkPoint[]): void;
  /** One or more fleet-wide reports changed; each is replaced whole. */
  publishReports(reports: Partial<StreamReports>): void;
  /** New events, or events whose count/lastSeen changed (same id replaces). */
  publishEvents(events: readonly FleetEvent[]): void;
}

/** How one connected client is doing (for /metrics and tests). */
export interface StreamClientStats {
  /** Bytes queued in the server for this client and not yet written to its socket. */
  bufferedBytes: number;
  /** Changes published that this client has not been sent yet. */
  behindBy: number;
}

export interface StreamHub extends StreamPublisher {
  clientCount(): number;
  clients(): StreamClientStats[];
  /**
   * Closes every websocket opened with this credential (a token's name, a
   * session: Identity.credential) at once, with close code 4401 after an
   * error message `revoked`; answers how many were closed.
   */
  closeCredential(credential: string, reason: string): number;
  close(): Promise<void>;
}

interface Client {
  socket: WebSocket;
  /** What the caller's identity hangs on; revoking it closes this socket. */
  credential: string | undefined;
  /** Sequence number of the newest change this client has been sent. */
  sentSeq: number;
  /** When the client's buffer first stayed above the bound; null while it keeps up. */
  behindSince: number | null;
  answeredPing: boolean;
  /** The upgrade request, judged again every recheckAccessMs (its headers carry the credentials). */
  request: IncomingMessage;
}

/** The sequence number a reconnecting client asks to resume from, if it asked for this server instance. */
function requestedResume(request: IncomingMessage, instance: string): number | null {
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
  if (query.get('instance') !== instance) return null;
  const since = Number(query.get('since'));
  return Number.isInteger(since) && since >= 0 ? since : null;
}

/**
 * The websocket hub of /ws: hello and snapshot on connect (or a resume), then
 * deltas coalesced per client at a bounded rate. Nothing is queued per
 * client: each client only holds the sequence number it has been sent, and is
 * served from the shared change log (or a fresh snapshot when the log no longer
 * covers it), so a slow client costs nothing and never delays another.
 */
export function createStreamHub(options: StreamHubOptions): StreamHub {
  const now = options.now ?? Date.now;
  const serverStatus = options.serverStatus ?? (() => ({ store: { ok: true } }));
  const settings: StreamSettings = { ...DEFAULT_STREAM_SETTINGS, ...options.settings };
  const minIntervalMs = Math.round(1000 / settings.maxUpdatesPerSecond);
  const instance = randomUUID();
  const log = new ChangeLog(settings.replayChanges);
  const state = new StreamState({ sparkPoints: settings.sparkPoints, recentEvents: settings.recentEvents });
  const clients = new Set<Client>();
  const logger = options.logger.child({ component: 'stream' });
  const credentials = new WeakMap<IncomingMessage, string>();

  const wss = new WebSocketServer({
    server: options.server,
    path: options.path ?? '/ws',
    maxPayload: 4096,
    verifyClient: (info, done) => {
      if (!originAllowed(info.req.headers.origin, info.req.headers.host, settings.allowedOrigins)) {
        logger.warn({ origin: info.req.headers.origin }, 'websocket refused: Origin not allowed');
        return done(false, 403, 'Origin not allowed');
      }
      if (!options.admit) return done(true);
      options.admit(info.req).then(
        (verdict) => {
          if (verdict.kind === 'pass') {
            if (verdict.identity?.credential) credentials.set(info.req, verdict.identity.credential);
            return done(true);
          }
          logger.info({ status: verdict.status, reason: verdict.detail }, `websocket refused: ${verdict.error}`);
          done(false, verdict.status, JSON.stringify({ error: verdict.error, detail: verdict.detail }), {
            ...verdict.headers,
            'Content-Type': 'application/json; charset=utf-8',
          });
        },
        (error: unknown) => {
          logger.error({ err: error }, 'websocket refused: judging the upgrade failed');
          done(false, 500, JSON.stringify({ error: 'internal error: the upgrade could not be judged', detail: 'the server log has the details' }), {
            'Content-Type': 'application/json; charset=utf-8',
          });
        },
      );
    },
  });

  const sendText = (client: Client, text: string) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(text);
  };
  const send = (client: Client, message: ServerMessage) => sendText(client, JSON.stringify(message));

  const drop = (client: Client, reason: string) => {
    logger.warn({ bufferedBytes: client.socket.bufferedAmount }, `websocket client dropped: ${reason}`);
    clients.delete(client);
    client.socket.terminate();
  };

  /** True when the client can take more now; drops it when it has been behind too long. */
  const keepsUp = (client: Client, at: number): boolean => {
    if (client.socket.bufferedAmount <= settings.maxBufferedBytes) {
      client.behindSince = null;
      return true;
    }
    client.behindSince ??= at;
    if (at - client.behindSince > settings.slowClientTimeoutMs) drop(client, `behind for more than ${settings.slowClientTimeoutMs} ms`);
    return false;
  };

  /** Brings every client that keeps up to the newest change, sharing the serialized text between clients at the same point. */
  const flush = () => {
    const at = now();
    lastFlushAt = at;
    const texts = new Map<number, string>();
    for (const client of clients) {
      if (client.sentSeq >= log.seq || !keepsUp(client, at)) continue;
      let text = texts.get(client.sentSeq);
      if (text === undefined) {
        const folded = log.foldSince(client.sentSeq, settings.maxEventsPerDelta);
        const message: ServerMessage = folded
          ? { type: 'delta', fromSeq: client.sentSeq, seq: log.seq, serverTime: at, ...folded }
          : state.snapshot(log.seq, at);
        text = JSON.stringify(message);
        texts.set(client.sentSeq, text);
      }
      sendText(client, text);
      client.sentSeq = log.seq;
    }
  };

  let lastFlushAt = -Infinity;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let urgent: ReturnType<typeof setImmediate> | undefined;
  const scheduleFlush = () => {
    if (flushTimer) return;
    const delay = Math.max(0, lastFlushAt + minIntervalMs - now());
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      flush();
    }, delay);
  };
  // Events are what a person watches for; they go out at once (batched within one tick), taking pending state with them.
  const flushSoon = () => {
    urgent ??= setImmediate(() => {
      urgent = undefined;
      flush();
    });
  };

  wss.on('connection', (socket, request) => {
    const client: Client = { socket, credential: credentials.get(request), sentSeq: log.seq, behindSince: null, answeredPing: true, request };
    clients.add(client);
    socket.on('pong', () => {
      client.answeredPing = true;
    });
    socket.on('close', () => clients.delete(client));
    socket.on('error', (error) => logger.debug({ err: error }, 'websocket client error'));
    const since = requestedResume(request, instance);
    const resumed = since !== null && log.covers(since);
    send(client, {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      serverTime: now(),
      instance,
      resumed,
      seq: log.seq,
      staleAfterMs: settings.staleAfterMs,
      sparkPoints: settings.sparkPoints,
      minDeltaIntervalMs: minIntervalMs,
      server: serverStatus(),
      ...(options.build ? { build: options.build } : {}),
      ...(options.wall ? { wall: options.wall } : {}),
    });
    if (resumed) {
      client.sentSeq = since;
      flushSoon();
    } else {
      send(client, state.snapshot(log.seq, now()));
    }
  });
  wss.on('error', (error) => logger.error({ err: error }, 'websocket server error'));

  const heartbeat = setInterval(() => {
    const at = now();
    const server = serverStatus();
    for (const client of clients) if (keepsUp(client, at)) send(client, { type: 'heartbeat', seq: client.sentSeq, serverTime: at, server });
  }, settings.heartbeatMs);
  heartbeat.unref();

  const ping = setInterval(() => {
    for (const client of clients) {
      if (!client.answeredPing) {
        drop(client, 'no pong to the last ping');
        continue;
      }
      client.answeredPing = false;
      client.socket.ping();
    }
  }, settings.pingIntervalMs);
  ping.unref();

  const revoke = (client: Client, reason: string) => {
    send(client, { type: 'error', code: 'revoked', message: reason });
    client.socket.close(CLOSE_CODES.revoked, 'access revoked');
    clients.delete(client);
  };

  // What closeCredential cannot know of: a session that expired or that the identity provider ended at a refresh, a
  // basic-auth user who left the web configuration file. Each open socket is judged again, one after another; 429 (the
  // address is waiting after failed sign-ins) is no verdict on this socket's credentials, so it stays open.
  let rechecking = false;
  const recheck = setInterval(() => {
    const admit = options.admit;
    if (!admit || rechecking) return;
    rechecking = true;
    void (async () => {
      for (const client of [...clients]) {
        if (!clients.has(client)) continue;
        const verdict = await admit(client.request).catch(() => null);
        if (verdict?.kind === 'deny' && verdict.status !== 429 && clients.has(client)) {
          logger.info({ credential: client.credential, status: verdict.status }, `websocket closed: ${verdict.error}: ${verdict.detail}`);
          revoke(client, `${verdict.error}: ${verdict.detail}`);
        }
      }
    })().finally(() => (rechecking = false));
  }, settings.recheckAccessMs);
  recheck.unref();

  const publish = (change: Parameters<ChangeLog['append']>[0], isUrgent: boolean) => {
    log.append(change);
    state.apply(change);
    if (isUrgent) flushSoon();
    else scheduleFlush();
  };

  return {
    // The change log keeps what it is given for a while. A copy holds only its own strings: the originals can be
    // slices of a whole scraped body, and keeping one would keep every body it came from alive.
    publishCluster(health, points = []) {
      // The cluster changes between two points of its sparkline; a point is new only when later than the last one held.
      const last = state.lastSparkTime(health.cluster) ?? -Infinity;
      const fresh = points.filter((p) => p.t > last);
      publish({ kind: 'cluster', entry: { health: structuredClone(health), at: now(), spark: fresh } }, false);
    },
    publishReports(reports) {
      publish({ kind: 'reports', reports: structuredClone(reports) }, false);
    },
    publishEvents(events) {
      if (events.length > 0) publish({ kind: 'events', events: structuredClone(events) }, true);
    },
    clientCount: () => clients.size,
    closeCredential(credential, reason) {
      let closed = 0;
      for (const client of clients) {
        if (client.credential !== credential) continue;
        revoke(client, reason);
        closed++;
      }
      if (closed) logger.info({ credential, closed }, `websockets closed: ${reason}`);
      return closed;
    },
    clients: () => [...clients].map((c) => ({ bufferedBytes: c.socket.bufferedAmount, behindBy: log.seq - c.sentSeq })),
    close() {
      clearInterval(heartbeat);
      clearInterval(ping);
      clearInterval(recheck);
      clearTimeout(flushTimer);
      if (urgent) clearImmediate(urgent);
      for (const client of clients) {
        send(client, { type: 'error', code: 'shutting_down', message: 'fleetscope is shutting down' });
        client.socket.close(CLOSE_CODES.goingAway, 'server shutting down');
      }
      return new Promise((resolve) => {
        // Give the close frames a moment, then cut whatever is left.
        const force = setTimeout(() => {
          for (const socket of wss.clients) socket.terminate();
        }, 200);
        wss.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
