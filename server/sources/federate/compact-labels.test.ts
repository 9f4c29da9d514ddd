import { describe, expect, it } from 'vitest';
import { compactLabels } from './compact-labels';

describe('compactLabels', () => {
  it('keeps every name, in order, with its value', () => {
    const labels = { namespace: 'payments', pod: 'api-1', uid: 'u-1', node: 'n-1', container: 'api', image: 'r/api:1', job: 'ksm', cluster: 'c' };
    const out = compactLabels({ ...labels });
    expect(Object.entries(out)).toEqual(Object.entries(labels));
    const other = compactLabels({ ...labels, pod: 'api-2' });
    expect(other.pod).toBe('api-2');
    expect(out.pod).toBe('api-1');
  });

  it('keeps a label called __proto__ as a label, not the prototype', () => {
    const labels = JSON.parse('{"a":"1","b":"2","c":"3","d":"4","__proto__":"x"}') as Record<string, string>;
    const out = compactLabels(labels);
    expect(Object.entries(out)).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['__proto__', 'x'],
    ]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
