import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin';

describe('originAllowed', () => {
  it('lets the page of the same host in and keeps other sites out', () => {
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', [])).toBe(true);
    expect(originAllowed('http://evil.example', '127.0.0.1:8080', [])).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8080', [])).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8080', [])).toBe(false);
  });
  it('accepts listed origins, ignoring a trailing slash and letter case, and "*"', () => {
    expect(originAllowed('https://wall.example.com', 'fleetscope:8080', ['https://WALL.example.com/'])).toBe(true);
    expect(originAllowed('https://other.example.com', 'fleetscope:8080', ['https://wall.example.com'])).toBe(false);
    expect(originAllowed('https://anything.example', 'fleetscope:8080', ['*'])).toBe(true);
  });
  it('lets clients without an Origin header (not browsers) through', () => {
    expect(originAllowed(undefined, '127.0.0.1:8080', [])).toBe(true);
  });
});
