import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON-lines logger. Every line about a cluster carries `cluster`; secrets
 * are redacted by path so a stray config object cannot leak a token.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'fleetscope' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['*.token', '*.password', '*.authorization', '*.*.token', '*.*.password', 'headers.authorization'], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
