import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './did-you-mean';

describe('did you mean', () => {
  it('measures edits, an adjacent swap as one', () => {
    expect(editDistance('clusters', 'clsuters')).toBe(1);
    expect(editDistance('kubeconfig', 'kubconfig')).toBe(1);
    expect(editDistance('interval', 'intervl')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  it('suggests the closest known word, and nothing for a word far from all', () => {
    expect(closest('clsuters', ['clusters', 'alerts', 'server'])).toBe('clusters');
    expect(closest('reprot', ['report', 'serve', 'token'])).toBe('report');
    expect(closest('Context', ['context', 'config'])).toBe('context');
    expect(closest('xyz', ['clusters', 'alerts'])).toBeNull();
    // Short words: one edit in two letters is not a typo of it.
    expect(closest('ab', ['ac'])).toBeNull();
    expect(didYouMean('intervl', ['interval', 'timeout'])).toBe(' (did you mean "interval"?)');
    expect(didYouMean('nothing-like', ['interval'])).toBe('');
  });
});
