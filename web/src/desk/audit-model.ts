import type { AuditEntryView, AuditList } from '../../../shared/audit';

function isEntry(value: unknown): value is AuditEntryView {
  if (typeof value !== 'object' || value === null) return false;
  const text = (name: string) => typeof Reflect.get(value, name) === 'string';
  return typeof Reflect.get(value, 'at') === 'number' && text('who') && text('method') && text('action') && text('detail') && text('address');
}

export function isAuditList(value: unknown): value is AuditList {
  if (typeof value !== 'object' || value === null) return false;
  const entries: unknown = Reflect.get(value, 'entries');
  return Array.isArray(entries) && entries.every(isEntry);
}

/** One row of the Audit page: when (local time), who (with how), what, the particulars, from where. */
export interface AuditRow {
  readonly key: string;
  readonly when: string;
  readonly who: string;
  readonly what: string;
  readonly detail: string;
  readonly from: string;
}

/** The rows of the Audit page, newest first, whatever order they came in. */
export function auditRows(list: AuditList, formatTime: (at: number) => string): AuditRow[] {
  return [...list.entries]
    .sort((a, b) => b.at - a.at)
    .map((e, i) => ({ key: `${e.at}-${i}`, when: formatTime(e.at), who: `${e.who} (${e.method})`, what: e.action, detail: e.detail, from: e.address }));
}
