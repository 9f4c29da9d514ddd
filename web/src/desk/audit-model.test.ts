import { describe, expect, it } from 'vitest';
import { auditRows, isAuditList } from './audit-model';

const entry = (id: number, at: string, actor: string) => ({
  id,
  at,
  action: 'silence.expired',
  actor,
  method: 'session',
  from: '10.0.0.7',
  target: 'silence 42',
  detail: 'alertname="Probe"',
});

describe('the Audit page model', () => {
  it('puts the newest first, with who and how, what and on what, from where', () => {
    const list = {
      entries: [entry(1, '2026-12-01T10:00:00Z', 'ada'), entry(3, '2026-12-01T12:00:00Z', 'otto'), entry(2, '2026-12-01T11:00:00Z', 'vic')],
      next: null,
    };
    const rows = auditRows(list, (at) => new Date(at).toISOString().slice(11, 16));
    expect(rows.map((r) => [r.when, r.who, r.what, r.target, r.detail, r.from])).toEqual([
      ['12:00', 'otto (session)', 'silence.expired', 'silence 42', 'alertname="Probe"', '10.0.0.7'],
      ['11:00', 'vic (session)', 'silence.expired', 'silence 42', 'alertname="Probe"', '10.0.0.7'],
      ['10:00', 'ada (session)', 'silence.expired', 'silence 42', 'alertname="Probe"', '10.0.0.7'],
    ]);
  });

  it('takes only answers of the documented shape', () => {
    expect(isAuditList({ entries: [entry(1, '2026-12-01T10:00:00Z', 'ada')], next: 1 })).toBe(true);
    expect(isAuditList({ entries: [{ ...entry(1, '2026-12-01T10:00:00Z', 'ada'), at: 1 }], next: null })).toBe(false);
    expect(isAuditList({ rows: [], next: null })).toBe(false);
  });
});
