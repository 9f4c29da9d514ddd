import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load';
import { memoryLogger } from '../../test/helpers/log';
import { createDestination } from './destination';

/** A port nothing listens on: bound, read, closed. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a destination at shutdown', () => {
  it('stops after flushDeadline when the receiver is down, and says how many samples it did not send', async () => {
    const port = await deadPort();
    const parsed = validateConfig({
      clusters: [{ name: 'a', prometheus: { url: 'http://p/federate' } }],
      remoteWrite: [{ name: 'down', url: `http://127.0.0.1:${port}/api/v1/write`, flushDeadline: '300ms', queue: { minBackoff: '50ms', maxBackoff: '100ms' } }],
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const { logger, lines } = memoryLogger();
    const destination = createDestination({ config: parsed.config.remoteWrite[0]!, userAgent: 'test', logger, now: Date.now });
    destination.enqueue(
      [
        { name: 'up', labels: { cluster: 'a' }, value: 1, timestampMs: 1000 },
        { name: 'up', labels: { cluster: 'b' }, value: 0, timestampMs: 1000 },
      ],
      1000,
    );
    const started = Date.now();
    await destination.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(lines.some((line) => line.includes('remote write stopped with 2 samples not sent'))).toBe(true);
    expect(destination.stats().samplesSent).toBe(0);
  });
});
