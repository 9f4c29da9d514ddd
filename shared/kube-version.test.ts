import { describe, expect, it } from 'vitest';
import { compareKubeVersions, minorOf, minorsBetween, parseKubeVersion, parseMinor } from './kube-version';

describe('parseKubeVersion', () => {
  it('reads the forms real components report', () => {
    expect(parseKubeVersion('v1.26.4')).toEqual({ major: 1, minor: 26, patch: 4, raw: 'v1.26.4' });
    expect(parseKubeVersion('v1.29.4-eks-6f4ec0f')).toMatchObject({ major: 1, minor: 29, patch: 4 });
    expect(parseKubeVersion('v1.28.3+k3s2')).toMatchObject({ major: 1, minor: 28, patch: 3 });
    expect(parseKubeVersion(' 1.30 ')).toMatchObject({ major: 1, minor: 30, patch: null, raw: '1.30' });
  });

  it('refuses what is not a version', () => {
    for (const text of ['', 'latest', 'containerd://1.7.13', 'v1', '1.x.3', null, undefined]) expect(parseKubeVersion(text)).toBeNull();
  });
});

describe('comparisons', () => {
  it('counts minors and orders versions', () => {
    expect(minorsBetween({ major: 1, minor: 35 }, { major: 1, minor: 32 })).toBe(3);
    expect(minorsBetween({ major: 1, minor: 32 }, { major: 1, minor: 35 })).toBe(-3);
    expect(minorOf(parseKubeVersion('v1.9.11')!)).toBe('1.9');
    expect(parseMinor('1.31')).toEqual({ major: 1, minor: 31 });
    const sorted = ['v1.30.2', 'v1.9.0', 'v1.30.10', '1.30']
      .map((t) => parseKubeVersion(t)!)
      .sort(compareKubeVersions)
      .map((v) => v.raw);
    expect(sorted).toEqual(['v1.9.0', '1.30', 'v1.30.2', 'v1.30.10']);
  });
});
