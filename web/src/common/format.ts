/** "4 s", "4 m", "2 h 5 m", "3 d": an age for a wall, readable at a glance. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} m` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

export function formatMoney(amount: number, currency: string): string {
  const digits = Math.abs(amount) >= 100 ? 0 : 2;
  return `${currency === 'USD' ? '$' : currency === 'EUR' ? '€' : `${currency} `}${amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A watch in a run of relists, as one phrase: "events watch relisting: 37 relists in 5 m (410 Gone)". */
export function formatRelisting(relisting: { resource: string; count: number; since: number; reason: string }, now: number): string {
  return `${relisting.resource} watch relisting: ${relisting.count} relist${relisting.count === 1 ? '' : 's'} in ${formatAge(now - relisting.since)} (${relisting.reason})`;
}
