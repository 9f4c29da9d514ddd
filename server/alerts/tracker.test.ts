import { describe, expect, it } from 'vitest';
import type { TrackedAlert } from '../store/records';
import { advance } from './tracker';
import type { Candidate } from './types';

const MIN = 60_000;
const candidate = (forMs: number, extra: Partial<Candidate> = {}): Candidate => ({
  labels: { alertname: 'NodeNotReady', cluster: 'prod-eu', node: 'n1', severity: 'warning' },
  annotations: { summary: 'Node n1 in prod-eu is NotReady' },
  forMs,
  generatorURL: 'http://fs/clusters/prod-eu',
  origin: 'rule',
  ...extra,
});
const opts = (now: number, hold = false) => ({ now, hold: () => hold, resolvedRetentionMs: 10 * MIN });

describe('advance (pending → firing → resolved)', () => {
  it('holds an alert pending for `for`, then fires it once', () => {
    let state = new Map<string, TrackedAlert>();
    const t0 = 1_000_000;
    let r = advance(state, [candidate(5 * MIN)], opts(t0));
    expect([...r.next.values()].map((a) => a.state)).toEqual(['pending']);
    expect(r.changed).toEqual([]);
    state = r.next;
    r = advance(state, [candidate(5 * MIN)], opts(t0 + 4 * MIN));
    expect(r.changed).toEqual([]);
    state = r.next;
    r = advance(state, [candidate(5 * MIN)], opts(t0 + 5 * MIN));
    expect(r.changed.map((a) => [a.state, a.startsAt])).toEqual([['firing', t0 + 5 * MIN]]);
    state = r.next;
    r = advance(state, [candidate(5 * MIN)], opts(t0 + 6 * MIN));
    expect(r.changed).toEqual([]);
  });

  it('uses the time the input says the condition began', () => {
    const r = advance(new Map(), [candidate(2 * MIN, { activeSince: 0 })], opts(3 * MIN));
    expect([...r.next.values()][0]?.state).toBe('firing');
  });

  it('drops a pending alert that clears, resolves a firing one, forgets it after retention', () => {
    const pending = advance(new Map(), [candidate(5 * MIN)], opts(0));
    expect(advance(pending.next, [], opts(MIN)).removed).toHaveLength(1);
    const firing = advance(new Map(), [candidate(0)], opts(0));
    const resolved = advance(firing.next, [], opts(MIN));
    expect(resolved.changed.map((a) => [a.state, a.endsAt])).toEqual([['resolved', MIN]]);
    expect(advance(resolved.next, [], opts(5 * MIN)).next.size).toBe(1);
    expect(advance(resolved.next, [], opts(12 * MIN)).removed).toHaveLength(1);
  });

  it('keeps held alerts as they are instead of resolving them', () => {
    const firing = advance(new Map(), [candidate(0)], opts(0));
    const held = advance(firing.next, [], opts(MIN, true));
    expect(held.changed).toEqual([]);
    expect([...held.next.values()][0]?.state).toBe('firing');
  });
});
