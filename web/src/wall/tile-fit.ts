import type { TileModel } from './tile-model';

/** From this many lines a tile wraps its status line (since, badge, alerts) and its footer (facts, cost, age) rather than cut them. */
export const ROOMY_LINES = 6;

/** What a tile's status line shows, as far as it fits: what gives way goes first. */
export interface StatusFit {
  /** "for 2h 14m" after the word. */
  since: boolean;
  /** The status word (else kept for screen readers only; icon and colour still say it). */
  word: boolean;
  /** The status icon moves up before the name, leaving its line to the badge and the alert counts. */
  iconOnName: boolean;
  /** The badge whole ("EOL"), by its first letter ("E", in its colour), or not at all. */
  badge: 'whole' | 'letter' | null;
  /** Every severity's count, or, when even those do not fit alone (200 clusters on one screen), the worst one's. */
  counts: 'all' | 'worst';
}

/** Widths in em of the wall's bold sans (measured in Chromium at 28 px), a little generous. */
const EM = { icon: 0.85, upper: 0.75, lower: 0.75, digit: 0.7, severityIcon: 0.86, countsGap: 0.25, badgePad: 0.6 };

/** A tile's border and padding across, in px (styles.css: border max(4px, 2cqw), padding max(0.2 × read, 3cqw) each side). */
const frame = (cellWidth: number, readPx: number) => Math.max(4, 0.02 * cellWidth) + 2 * Math.max(0.2 * readPx, 0.03 * cellWidth);

/** Width in px of the alert counts: one severity icon and its number each (styles.css .alert-counts). */
export function countsWidth(alerts: TileModel['alerts'], px: number): number {
  if (alerts.length === 0) return 0;
  const each = alerts.reduce((sum, a) => sum + EM.severityIcon + String(a.count).length * EM.digit, 0);
  return px * (each + EM.countsGap * (alerts.length - 1));
}

/**
 * What of the status line fits a tile of this cell size: the firing-alert
 * counts never give way; before them, in this order, since when, the word
 * (only to a badge or counts), the icon's place on the line (it moves up to
 * the name), the badge's word (its letter stays), the badge. Only when even
 * the counts alone are too wide do they come down to the worst severity's
 * (whole: never a cut number). Font sizes as in
 * styles.css: the line max(read, min(13cqh, 8cqw)), badge and counts
 * max(read, min(8cqh, 5.5cqw)), 2cqw between the items. A roomy tile wraps the line instead and
 * keeps everything. An estimate; the CSS lets the same items
 * shrink in the same order should it be short. Pure; unit-tested.
 */
export function statusFit(
  tile: Pick<TileModel, 'word' | 'since' | 'badge' | 'alerts'>,
  cell: { width: number; height: number },
  readPx: number,
  lines: number,
): StatusFit {
  const across = cell.width - frame(cell.width, readPx);
  const big = Math.max(readPx, Math.min(0.13 * cell.height, 0.08 * cell.width));
  const small = Math.max(readPx, Math.min(0.08 * cell.height, 0.055 * cell.width));
  const letter = lines >= 4 ? EM.upper : EM.lower;
  const firing = tile.alerts.length > 0;
  const parts = {
    icon: big * EM.icon,
    word: big * tile.word.length * letter,
    since: lines >= 3 && tile.since ? big * (0.6 + tile.since.length * EM.lower) : 0,
    badge: tile.badge ? small * (EM.badgePad + tile.badge.text.length * EM.upper) : 0,
    letter: tile.badge ? small * (EM.badgePad + EM.upper) : 0,
    counts: countsWidth(tile.alerts, small),
    worst: countsWidth(tile.alerts.slice(0, 1), small),
  };
  const width = (fit: StatusFit) => {
    const items = [
      fit.iconOnName ? 0 : parts.icon,
      fit.word ? parts.word : 0,
      fit.since ? parts.since : 0,
      fit.badge === 'whole' ? parts.badge : fit.badge === 'letter' ? parts.letter : 0,
      fit.counts === 'all' ? parts.counts : parts.worst,
    ].filter((w) => w > 0);
    return items.reduce((a, b) => a + b, 0) + 0.02 * cell.width * (items.length - 1);
  };
  let fit: StatusFit = { since: parts.since > 0, word: true, iconOnName: false, badge: tile.badge ? 'whole' : null, counts: 'all' };
  if (lines >= ROOMY_LINES) return fit;
  const steps: Array<(f: StatusFit) => StatusFit | null> = [
    (f) => (f.since ? { ...f, since: false } : null),
    (f) => (tile.badge || firing ? { ...f, word: false } : null),
    (f) => (firing ? { ...f, iconOnName: true } : null),
    (f) => (f.badge === 'whole' ? { ...f, badge: 'letter' } : null),
    (f) => (firing && f.badge ? { ...f, badge: null } : null),
    (f) => (tile.alerts.length > 1 ? { ...f, counts: 'worst' } : null),
  ];
  for (const step of steps) {
    if (width(fit) <= across) break;
    fit = step(fit) ?? fit;
  }
  return fit;
}
