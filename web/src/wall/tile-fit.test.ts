import { describe, expect, it } from 'vitest';
import { countsWidth, statusFit } from './tile-fit';

const eol = {
  word: 'healthy',
  since: 'for 2h 14m',
  badge: { kind: 'eol' as const, text: 'EOL', detail: '' },
  alerts: [] as Array<{ severity: string; count: number }>,
};
const firing = {
  ...eol,
  alerts: [
    { severity: 'critical', count: 1 },
    { severity: 'warning', count: 1 },
  ],
};

describe('statusFit: what of a tile status line gives way, the alert counts last', () => {
  it('keeps everything on a wide tile', () => {
    expect(statusFit(firing, { width: 1200, height: 300 }, 28, 4)).toEqual({ since: true, word: true, iconOnName: false, badge: 'whole', counts: 'all' });
  });

  it('keeps everything on a roomy tile, which wraps instead', () => {
    expect(statusFit(firing, { width: 120, height: 400 }, 28, 6).counts).toBe('all');
  });

  it('gives up since, then the word, then the icon, then the badge word, keeping both counts (100 clusters on 1080p: 112 px cells)', () => {
    const fit = statusFit(firing, { width: 112, height: 90 }, 28, 2);
    expect(fit).toMatchObject({ word: false, iconOnName: true, counts: 'all' });
    expect(fit.badge).not.toBe('whole');
  });

  it('comes down to the worst count only when two counts alone are too wide (200 clusters on 1080p: 77 px cells)', () => {
    const fit = statusFit(firing, { width: 77, height: 76 }, 28, 2);
    expect(fit).toEqual({ since: false, word: false, iconOnName: true, badge: null, counts: 'worst' });
  });

  it('never moves the icon or drops the badge for a tile with nothing firing', () => {
    const fit = statusFit(eol, { width: 77, height: 76 }, 28, 2);
    expect(fit).toMatchObject({ iconOnName: false, word: false, counts: 'all' });
    expect(fit.badge).not.toBeNull();
  });

  it('measures counts by their digits', () => {
    expect(countsWidth([], 28)).toBe(0);
    expect(countsWidth([{ severity: 'critical', count: 12 }], 28)).toBeGreaterThan(countsWidth([{ severity: 'critical', count: 1 }], 28));
  });
});
