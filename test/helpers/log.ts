import { Writable } from 'node:stream';
import { createLogger } from '../../server/log';

/** A logger that keeps its lines in memory, so tests stay quiet and can assert on logs. */
export function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}
