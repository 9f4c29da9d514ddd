import type { AuditEntryView, AuditList } from '../../../shared/auth';

const TEXT_FIELDS = ['at', 'action', 'actor', 'method', 'from', 'target', 'detail'] as const;

function isEntry(value: unknown): value is AuditEntryView {
  if (typeof value !== 'object' || value === null) return false;
  return typeof Reflect.get(value, 'id') === 'number' && TEXT_FIELDS.every((name) => typeof Reflect.get(value, name) === 'string');
}

export function isAuditList(value: unknown): value is AuditList {
  if (typeof value !== 'object' || value === null) return false;
  const entries: unknown = Reflect.get(value, 'entries');
  const next: unknown = Reflect.get(value, 'next');
  return Array.isArray(entries) && entries.every(isEntry) && (next === null || typeof next === 'number');
}

/** One row of the Audit page: when (local time), who (with how), what and on what, the particulars, from where. */
export interface AuditRow {
  readonly key: number;
  readonly when: string;
  readonly who: string;
  readonly what: string;
  readonly target: string;
  readonly detail: string;
  readonly from: string;
}

/** The rows of the Audit page, newest first, whatever order they came in; a time that does not parse is shown as sent. */
export function auditRows(list: AuditList, formatTime: (at: number) => string): AuditRow[] {
  const time = (at: string) => (Number.isNaN(Date.parse(at)) ? at : formatTime(Date.parse(at)));
  return [...list.entries]
    .sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0) || b.id - a.id)
    .map((e) => ({ key: e.id, when: time(e.at), who: `${e.actor} (${e.method})`, what: e.action, target: e.target, detail: e.detail, from: e.from }));
}
