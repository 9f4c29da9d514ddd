import { describe, expect, it } from 'vitest';
import { clusterSelected, parseWallParams, WALL_PANELS } from './wall-params';

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
      'unknown panel "weather" (known: health, cost, skew, events)',
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
