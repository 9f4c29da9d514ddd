import { describe, expect, it } from 'vitest';
import { humanDuration, wantsTable } from './table';

describe('humanDuration', () => {
  it('prints ages the way kubectl does', () => {
    const s = 1000;
    expect(humanDuration(12 * s)).toBe('12s');
    expect(humanDuration(119 * s)).toBe('119s');
    expect(humanDuration(5 * 60 * s + 7 * s)).toBe('5m7s');
    expect(humanDuration(45 * 60 * s)).toBe('45m');
    expect(humanDuration(3 * 3600 * s + 20 * 60 * s)).toBe('3h20m');
    expect(humanDuration(30 * 3600 * s)).toBe('30h');
    expect(humanDuration(3 * 86400 * s + 5 * 3600 * s)).toBe('3d5h');
    expect(humanDuration(310 * 86400 * s)).toBe('310d');
    expect(humanDuration(-5 * s)).toBe('<invalid>');
  });
});

describe('wantsTable', () => {
  it("recognises kubectl's Accept header and nothing else", () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
    expect(wantsTable(undefined)).toBe(false);
  });
});
