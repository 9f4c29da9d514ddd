import { describe, expect, it } from 'vitest';
import { HEALTHY_WATCH_MS, NO_WATCH_TROUBLE, QUIET_WATCH, relistingAt, withBadLine, withRelist, worstRelisting } from './watches';

describe('relist runs', () => {
  it('counts relists that follow each other within two minutes as one run, from its first', () => {
    const watch = withRelist(withRelist(withRelist(QUIET_WATCH, 1000, '410 Gone'), 3000, '410 Gone'), 7000, 'HTTP 403');
    expect(watch).toEqual({ relists: 3, run: { since: 1000, last: 7000, count: 3, reason: 'HTTP 403' }, badLines: 0 });
    expect(relistingAt(watch, 8000)).toEqual(watch.run);
  });

  it('is not relisting after one relist (a healthy watch relists now and then), nor two minutes after the last', () => {
    const once = withRelist(QUIET_WATCH, 1000, '410 Gone');
    expect(relistingAt(once, 1001)).toBeNull();
    const twice = withRelist(once, 2000, '410 Gone');
    expect(relistingAt(twice, 2000 + HEALTHY_WATCH_MS - 1)).not.toBeNull();
    expect(relistingAt(twice, 2000 + HEALTHY_WATCH_MS)).toBeNull();
  });

  it('starts a new run after a healthy stretch, keeping the total', () => {
    const watch = withRelist(withRelist(withRelist(QUIET_WATCH, 0, '410 Gone'), 1000, '410 Gone'), 1000 + HEALTHY_WATCH_MS, '410 Gone');
    expect(watch.relists).toBe(3);
    expect(watch.run).toEqual({ since: 1000 + HEALTHY_WATCH_MS, last: 1000 + HEALTHY_WATCH_MS, count: 1, reason: '410 Gone' });
  });

  it('names the watch relisting most', () => {
    const two = withRelist(withRelist(QUIET_WATCH, 0, '410 Gone'), 1, '410 Gone');
    const three = withRelist(two, 2, 'HTTP 500');
    expect(worstRelisting({ events: two, nodes: three }, 3)).toMatchObject({ resource: 'nodes', count: 3, reason: 'HTTP 500' });
    expect(worstRelisting(NO_WATCH_TROUBLE, 3)).toBeNull();
  });

  it('counts bad lines apart from relists', () => {
    expect(withBadLine(withBadLine(QUIET_WATCH))).toEqual({ relists: 0, run: null, badLines: 2 });
  });
});
