import { describe, expect, it } from 'vitest';
import { nameParts } from './tile-name';

describe("a tile's name, cut so what tells clusters apart stays", () => {
  it('keeps a short last segment whole, and nothing of a long one', () => {
    expect(nameParts('prod-ap-southeast-1-49')).toEqual({ head: 'prod-ap-southeast-1', tail: '-49' });
    expect(nameParts('prod-eu-west-1')).toEqual({ head: 'prod-eu-west', tail: '-1' });
    expect(nameParts('edge_berlin_07')).toEqual({ head: 'edge_berlin', tail: '_07' });
    expect(nameParts('legacy-batch')).toEqual({ head: 'legacy-batch', tail: '' });
    expect(nameParts('dev')).toEqual({ head: 'dev', tail: '' });
    expect(nameParts('-x')).toEqual({ head: '-x', tail: '' });
  });
});
