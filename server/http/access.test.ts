import { describe, expect, it } from 'vitest';
import { ruleFor } from './access';

describe('the access rule of a request', () => {
  it('is the route’s, matched as express matches: any letter case, one trailing slash, a parameter as one segment', () => {
    expect(ruleFor('POST', '/api/silences')).toBe('operator');
    expect(ruleFor('POST', '/API/Silences/')).toBe('operator');
    expect(ruleFor('DELETE', '/api/silences/abc')).toBe('operator');
    expect(ruleFor('HEAD', '/api/silences')).toBe('viewer');
    expect(ruleFor('GET', '/api/reports/cost/history')).toBe('viewer');
    expect(ruleFor('GET', '/api/audit')).toBe('admin');
  });
  it("is the path's least rule for a method it does not answer, so the 405 goes to whoever may see the path", () => {
    expect(ruleFor('PUT', '/api/silences')).toBe('viewer');
    expect(ruleFor('OPTIONS', '/api/silences/abc')).toBe('operator');
    expect(ruleFor('GET', '/-/reload')).toBe('admin');
  });
  it('is public for the web app’s pages, and a viewer’s for anything else that is not listed', () => {
    expect(ruleFor('GET', '/')).toBe('public');
    expect(ruleFor('GET', '/assets/index-abc.js')).toBe('public');
    expect(ruleFor('GET', '/clusters/prod-eu')).toBe('public');
    for (const [method, path] of [
      ['GET', '/api/nothing'],
      ['GET', '/API/nothing'],
      ['GET', '//api/silences'],
      ['POST', '/whatever'],
      ['GET', '/-/anything'],
      ['GET', '/metrics/extra'],
    ] as const)
      expect(ruleFor(method, path), `${method} ${path}`).not.toBe('public');
  });
});
