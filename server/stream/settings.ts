import type { StreamConfig } from '../config/schema/stream';
import type { StreamSettings } from './hub';

/** Hub settings from the validated `server.stream` config section. */
export function streamSettings(config: StreamConfig, staleAfterMs: number): Partial<StreamSettings> {
  return {
    maxUpdatesPerSecond: config.maxUpdatesPerSecond,
    allowedOrigins: config.allowedOrigins,
    maxBufferedBytes: config.maxBufferedBytes,
    slowClientTimeoutMs: config.slowClientTimeout,
    pingIntervalMs: config.pingInterval,
    recheckAccessMs: config.recheckAccess,
    staleAfterMs,
  };
}
