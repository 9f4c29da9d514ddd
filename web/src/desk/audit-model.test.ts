import { describe, expect, it } from 'vitest';
import { auditRows, isAuditList } from './audit-model';

const entry = (at: number, who: string) => ({ at, who, method: 'session', action: 'silence.expired', detail: 'id 42', address: '10.0.0.7' });

describe('the Audit page model', () => {
  it('puts the newest first, with who, how, what and from where', () => {
    const rows = auditRows({ entries: [entry(1, 'ada'), entry(3, 'otto'), entry(2, 'vic')] }, (at) => `t${at}`);
    expect(rows.map((r) => [r.when, r.who, r.what, r.detail, r.from])).toEqual([
      ['t3', 'otto (session)', 'silence.expired', 'id 42', '10.0.0.7'],
      ['t2', 'vic (session)', 'silence.expired', 'id 42', '10.0.0.7'],
      ['t1', 'ada (session)', 'silence.expired', 'id 42', '10.0.0.7'],
    ]);
  });

  it('takes only answers of the documented shape', () => {
    expect(isAuditList({ entries: [entry(1, 'ada')] })).toBe(true);
    expect(isAuditList({ entries: [{ ...entry(1, 'ada'), at: '2026-12-01' }] })).toBe(false);
    expect(isAuditList({ rows: [] })).toBe(false);
  });
});
