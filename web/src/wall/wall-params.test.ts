import { describe, expect, it } from 'vitest';
import { clusterSelected, parseWallParams, WALL_PANELS } from './wall-params';

describe('parseWallParams', () => {
  it('reads period, panels and cluster selector', () => {
    const params = parseWallParams('?rotate=45s&panels=health,skew&clusters=env=prod,region!=us-east-1');
    expect(params).toEqual({
      rotateMs: 45_000,
      panels: ['health', 'skew'],
      clusters: [
        { label: 'env', value: 'prod', negate: false },
        { label: 'region', value: 'us-east-1', negate: true },
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
    const params = parseWallParams('?rotate=soon&panels=health,weather&clusters=prod');
    expect(params.rotateMs).toBe(30_000);
    expect(params.panels).toEqual(['health']);
    expect(params.problems).toEqual([
      'rotate="soon" is not a period like 30s or 2m; using 30s',
      'unknown panel "weather" (known: health, cost, skew, events)',
      'clusters: "prod" is not label=value or label!=value',
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
});
