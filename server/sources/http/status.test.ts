import { describe, expect, it } from 'vitest';
import { kindOfStatus, statusError } from './status';

describe('kindOfStatus: the one status → kind table', () => {
  it.each([
    [200, null],
    [204, null],
    [299, null],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [408, 'timeout'],
    [504, 'timeout'],
    [413, 'too_large'],
    [301, 'bad_response'],
    [400, 'bad_response'],
    [410, 'bad_response'],
    [429, 'bad_response'],
    [500, 'bad_response'],
    [502, 'bad_response'],
    [503, 'bad_response'],
    [0, 'bad_response'],
  ])('%i → %s', (status, kind) => {
    expect(kindOfStatus(status)).toBe(kind);
  });
});

describe('statusError', () => {
  it('names the request and the status, then the detail when there is one', () => {
    expect(statusError('GET http://p/federate', 503, 'overloaded')).toEqual({ kind: 'bad_response', message: 'GET http://p/federate: HTTP 503: overloaded' });
    expect(statusError('WATCH /api/v1/nodes', 504)).toEqual({ kind: 'timeout', message: 'WATCH /api/v1/nodes: HTTP 504' });
  });

  it('is a bad_response for a status that claims success on an answer known to have failed', () => {
    expect(statusError('WATCH /api/v1/nodes', 200).kind).toBe('bad_response');
  });
});
