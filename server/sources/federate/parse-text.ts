import { isUtf8 as bufferIsUtf8 } from 'node:buffer';
import { readCanonicalLine } from './canonical-line';
import { CR, HASH, isBlank, isUtf8, LF } from './chars';
import { readCommentLine } from './comment-line';
import { sampleLimitExceeded } from './limit-problems';
import { readRepeatedLine } from './repeated-line';
import { readSampleLine } from './sample-line';
import { scanResult } from './scan-result';
import { ScanState } from './scan-state';
import { NOT_CANONICAL, type LineProblem, type ParseProblem, type ParseResult, type ScanOptions } from './scan-types';

/**
 * The Prometheus text exposition format (0.0.4), read in one validating pass
 * over the raw bytes. https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * This is the hot path of the aggregator: a fleet of 100 clusters × 10,000
 * series is a million lines every interval. So the scan allocates nothing per
 * sample; it records where each sample line is (scan-state.ts), keeps the
 * body, and leaves decoding labels and values to the metric names that are
 * actually read (decode-line.ts). Each line takes one of three paths, fastest
 * first: a line repeating the previous scan is read on the bytes
 * (repeated-line.ts); a comment line too (comment-line.ts); any other line
 * through a latin1 string of the body, by a regular expression when in
 * canonical form (canonical-line.ts), else by the full scanner
 * (sample-line.ts). docs/federation.md has the figures. Like Prometheus' own
 * scraper, one malformed line fails the whole scrape (the caller keeps the
 * previous data) rather than silently dropping series; so does a body over
 * one of the scrape's limits (ScanLimits), checked where each costs least:
 * the sample count once per line here, which stops the scan one sample past
 * the limit without reading the rest; label counts and lengths on the new
 * lines (a repeated line was checked in the previous scan).
 */

/** Scans a whole exposition body. Never throws on input; a malformed line, or a body over a limit, is reported with its line number. */
export function parseExposition(body: Buffer, options: ScanOptions = {}): ParseResult {
  // UTF-8 is checked once for the whole body, natively; a line is looked for only when it fails.
  if (!bufferIsUtf8(body)) return firstBadUtf8Line(body);
  const state = new ScanState(body, options);
  const failed = scanLines(state);
  return failed === null ? { ok: true, exposition: scanResult(state, options.storage) } : failed;
}

/** Reads every line through its path; returns the first problem, or null (and nothing else, so the hot loop ends without new work). */
function scanLines(s: ScanState): ParseProblem | null {
  const body = s.body;
  const length = body.length;
  const repeats = s.previous !== null;
  const sampleLimit = s.sampleLimit;
  let lineNo = 0;
  let lineStart = 0;
  while (lineStart < length) {
    if (s.count > sampleLimit) break;
    if (repeats) {
      const next = readRepeatedLine(s, lineStart);
      if (next !== -1) {
        lineNo++;
        lineStart = next;
        continue;
      }
    }
    if (body[lineStart] === HASH) {
      let lineEnd = lineStart;
      while (lineEnd < length && body[lineEnd] !== LF) lineEnd++;
      lineNo++;
      const e = lineEnd > lineStart && body[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      const problem = readCommentLine(s, lineStart, lineStart, e);
      if (problem !== null) return failAt(body, lineNo, lineStart, e, problem);
      lineStart = lineEnd + 1;
      continue;
    }
    const t = s.text;
    let lineEnd = t.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = length;
    lineNo++;
    let e = lineEnd;
    if (e > lineStart && t.charCodeAt(e - 1) === CR) e--;
    let p = lineStart;
    while (p < e && isBlank(t.charCodeAt(p))) p++;
    if (p < e) {
      let problem: LineProblem | null = null;
      if (t.charCodeAt(p) === HASH) problem = readCommentLine(s, lineStart, p, e);
      // Leading blanks are not canonical either.
      else if (p > lineStart) problem = readSampleLine(s, p, e, NOT_CANONICAL);
      else if (!readCanonicalLine(s, p, e)) problem = readSampleLine(s, p, e, 0);
      if (problem !== null) return failAt(body, lineNo, lineStart, e, problem);
    }
    lineStart = lineEnd + 1;
  }
  if (s.count > sampleLimit) return { ok: false, kind: 'limit_exceeded', line: lineNo, message: `line ${lineNo}: ${sampleLimitExceeded(s, lineStart)}` };
  return null;
}

/** The first line of a body that is not valid UTF-8, as a parse problem. */
function firstBadUtf8Line(body: Buffer): ParseProblem {
  let lineNo = 0;
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(LF, start);
    if (end === -1) end = body.length;
    lineNo++;
    if (!isUtf8(body, start, end)) return failAt(body, lineNo, start, end, 'not valid UTF-8');
    start = end + 1;
  }
  return failAt(body, lineNo, 0, 0, 'not valid UTF-8');
}

function failAt(body: Buffer, line: number, start: number, end: number, problem: LineProblem): ParseProblem {
  const excerpt = JSON.stringify(body.toString('utf8', start, Math.min(end, start + 120)));
  if (typeof problem === 'string') return { ok: false, kind: 'bad_response', line, message: `line ${line}: ${problem}: ${excerpt}` };
  return { ok: false, kind: 'limit_exceeded', line, message: `line ${line}: ${problem.message}: ${excerpt}` };
}
