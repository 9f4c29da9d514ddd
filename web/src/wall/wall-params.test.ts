import { describe, expect, it } from 'vitest';
import { dimmedAt, parseDimSchedule } from './dimming';
import { WALL_PANELS } from '../../../shared/wall';
import { clusterSelected, parseWallParams } from './wall-params';

describe('parseWallParams', () => {
  it('reads period, panels and cluster selector', () => {
    const params = parseWallParams('?rotate=45s&panels=health,skew&clusters=env=prod,region!=us-east-1');
    expect(params).toEqual({
      rotateMs: 45_000,
      panels: ['health', 'skew'],
      clusters: [
        { key: 'env', op: '=', value: 'prod' },
        { key: 'region', op: '!=', value: 'us-east-1' },
      ],
      selections: [],
      kiosk: false,
      dim: null,
      shiftMs: 180_000,
      problems: [],
    });
  });
  it('defaults to every panel every 30 s, and reads minutes and "off"', () => {
    expect(parseWallParams('')).toMatchObject({ rotateMs: 30_000, panels: [...WALL_PANELS], clusters: [] });
    expect(parseWallParams('?rotate=2m').rotateMs).toBe(120_000);
    expect(parseWallParams('?rotate=off').rotateMs).toBe(0);
  });
  it('names what it could not understand instead of ignoring it', () => {
    const params = parseWallParams(`?rotate=soon&panels=health,weather&clusters=${encodeURIComponent('env in (prod')}`);
    expect(params.rotateMs).toBe(30_000);
    expect(params.panels).toEqual(['health']);
    expect(params.clusters).toEqual([]);
    expect(params.problems).toEqual([
      'rotate="soon" is not a period like 30s or 2m; using 30s',
      'unknown panel "weather" (known: health, alerts, changes, cost, skew, events, hygiene)',
      'clusters: column 13 of "env in (prod": expected "," or ")", found the end; showing every cluster',
    ]);
  });
});

describe('clusterSelected', () => {
  it('needs every term to hold; "name" is the cluster name', () => {
    const terms = parseWallParams('?clusters=env=prod,region!=us-east-1').clusters;
    expect(clusterSelected('a', { env: 'prod', region: 'eu-west-1' }, terms)).toBe(true);
    expect(clusterSelected('b', { env: 'prod', region: 'us-east-1' }, terms)).toBe(false);
    expect(clusterSelected('c', { env: 'dev' }, terms)).toBe(false);
    expect(clusterSelected('dev', {}, parseWallParams('?clusters=name=dev').clusters)).toBe(true);
  });

  it('reads the selector the kubectl way, as the API and the CLI do', () => {
    const selector = parseWallParams(`?clusters=${encodeURIComponent('env in (prod, staging),!canary,name notin (legacy)')}`).clusters;
    expect(clusterSelected('a', { env: 'staging' }, selector)).toBe(true);
    expect(clusterSelected('b', { env: 'prod', canary: 'true' }, selector)).toBe(false);
    expect(clusterSelected('legacy', { env: 'prod' }, selector)).toBe(false);
    expect(clusterSelected('c', { env: 'dev' }, selector)).toBe(false);
    // An unencoded "+" in a query string is a blank, which the grammar allows.
    expect(parseWallParams('?clusters=env+in+(prod,qa)').clusters).toEqual([{ key: 'env', op: 'in', values: ['prod', 'qa'] }]);
  });
});

describe('parseWallParams for a TV', () => {
  it('reads a Grafana-style playlist, cluster selections, kiosk, dimming and the burn-in shift', () => {
    const params = parseWallParams(
      `?playlist=alerts,skew,cost&interval=45s&selections=${encodeURIComponent('env=prod;env in (staging,dev)')}&kiosk=1&dim=22:00-06:30&shift=5m`,
    );
    expect(params).toMatchObject({
      rotateMs: 45_000,
      panels: ['alerts', 'skew', 'cost'],
      kiosk: true,
      dim: { from: 22 * 60, to: 6 * 60 + 30 },
      shiftMs: 300_000,
      problems: [],
    });
    expect(params.selections.map((s) => s.text)).toEqual(['env=prod', 'env in (staging,dev)']);
    expect(parseWallParams('?kiosk').kiosk).toBe(true);
    expect(parseWallParams('?shift=off').shiftMs).toBe(0);
  });
  it('names a schedule, a flag or a selection it cannot read', () => {
    expect(parseWallParams(`?dim=late&kiosk=yes&selections=${encodeURIComponent('env in (prod;env=dev')}`).problems).toEqual([
      'selections: column 13 of "env in (prod": expected "," or ")", found the end; left out of the playlist',
      'kiosk="yes" is not 1 or 0; using 0',
      'dim="late" is not a time range like 22:00-06:00; not dimming',
    ]);
  });
});

describe('dimmedAt', () => {
  it('dims within the range, across midnight too', () => {
    const night = parseDimSchedule('22:00-06:00')!;
    expect([dimmedAt(night, 23, 0), dimmedAt(night, 5, 59), dimmedAt(night, 6, 0), dimmedAt(night, 12, 0)]).toEqual([true, true, false, false]);
    const lunch = parseDimSchedule('12:00-13:00')!;
    expect([dimmedAt(lunch, 12, 30), dimmedAt(lunch, 13, 0)]).toEqual([true, false]);
    expect(parseDimSchedule('22:00')).toBeNull();
    expect(parseDimSchedule('25:00-06:00')).toBeNull();
  });
});
