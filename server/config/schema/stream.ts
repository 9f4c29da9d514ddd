import { z } from 'zod';
import { duration } from './common';

/** The websocket stream /ws (server.stream). */
export const streamConfig = z.strictObject({
  /** At most this many state updates per second to one client; events may go out sooner. */
  maxUpdatesPerSecond: z.number({ error: 'must be a number' }).positive('must be above 0').max(50, 'must be at most 50').default(2),
  /** Browser origins allowed to open /ws besides the server's own, e.g. "https://wall.example.com"; "*" allows any. */
  allowedOrigins: z
    .array(
      z.string().refine((o) => o === '*' || /^https?:\/\/[^/]+$/.test(o), 'must be "*" or an origin like https://wall.example.com (scheme and host, no path)'),
    )
    .default([]),
  /** A client whose unsent data passes this many bytes gets no more until it drains. */
  maxBufferedBytes: z
    .number()
    .int()
    .min(16 * 1024, 'must be at least 16384')
    .default(1024 * 1024),
  /** A client that stays over maxBufferedBytes this long is disconnected. */
  slowClientTimeout: duration.default(30_000),
  /** Ping interval; a client that missed the previous pong is disconnected. */
  pingInterval: duration.default(30_000),
  /**
   * Every open websocket is judged again this often, as its upgrade was: one
   * whose session expired or was ended by the identity provider, or whose
   * user left the web configuration file, is closed (4401).
   */
  recheckAccess: duration.default(60_000),
});
export type StreamConfig = z.output<typeof streamConfig>;
