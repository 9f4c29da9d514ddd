import { describe, expect, it } from 'vitest';
import { readWatchLine } from './watch';

describe('readWatchLine', () => {
  it('reads a watch event', () => {
    expect(readWatchLine('{"type":"ADDED","object":{"kind":"Node"}}', 1)).toEqual({ ok: true, event: { type: 'ADDED', object: { kind: 'Node' } } });
    expect(readWatchLine('{"type":"ERROR","object":{"kind":"Status","code":410}}', 1)).toMatchObject({ ok: true, event: { type: 'ERROR' } });
  });

  it.each([
    ['{"type":"ADDED","object":', /^line 3 is not JSON: /],
    ['[1,2]', /^line 3 is not a watch event \(an array\)$/],
    ['"hello"', /^line 3 is not a watch event \(a JSON string\)$/],
    ['{"kind":"Event"}', /^line 3 is not a watch event \(no type\)$/],
    ['{"type":"CHANGED","object":{}}', /^line 3 is not a watch event \(type "CHANGED"\)$/],
    ['{"type":"ADDED"}', /^line 3 is not a watch event \(no object\)$/],
    ['{"type":"ADDED","object":"x"}', /^line 3 is not a watch event \(no object\)$/],
  ])('says what is wrong with %s, naming the line', (line, problem) => {
    const read = readWatchLine(line, 3);
    expect(read.ok ? '' : read.problem).toMatch(problem);
  });

  it('keeps a problem short whatever the line', () => {
    const read = readWatchLine(`{"type":"${'x'.repeat(10_000)}","object":{}}`, 1);
    expect(read.ok ? 0 : read.problem.length).toBeLessThan(250);
  });
});
