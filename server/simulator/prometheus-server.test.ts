import { describe, expect, it } from 'vitest';
import { pickEncoding } from './prometheus-server';

describe('pickEncoding', () => {
  it('takes the first of gzip or deflate the client lists, as Prometheus does', () => {
    expect(pickEncoding('deflate, gzip')).toBe('deflate');
    expect(pickEncoding('gzip, deflate, br')).toBe('gzip');
    expect(pickEncoding('br, gzip;q=0.8')).toBe('gzip');
    expect(pickEncoding('gzip;q=0, deflate')).toBe('deflate');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});
