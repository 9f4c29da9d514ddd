import type { Sample } from './sample';

/**
 * Parses the Prometheus text exposition format (version 0.0.4).
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * Returns the samples and the lines it could not read; a single bad line does
 * not discard a scrape, but a body with no valid line at all is the caller's
 * signal of a bad response (an HTML page, say).
 */
export function parseExposition(text: string): { samples: Sample[]; badLines: number; firstBadLine: string | null } {
  const samples: Sample[] = [];
  let badLines = 0;
  let firstBadLine: string | null = null;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseSampleLine(line);
    if (sample) samples.push(sample);
    else {
      badLines++;
      firstBadLine ??= line.slice(0, 200);
    }
  }
  return { samples, badLines, firstBadLine };
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseValue(text: string): number | null {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  if (text === '' || !/^[-+0-9.eE]+$/.test(text)) return null;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}

function parseSampleLine(line: string): Sample | null {
  const nameMatch = NAME.exec(line);
  if (!nameMatch) return null;
  const name = nameMatch[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      while (line[pos] === ' ') pos++;
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const labelMatch = LABEL_NAME.exec(line.slice(pos));
      if (!labelMatch) return null;
      const labelName = labelMatch[0];
      pos += labelName.length;
      if (line[pos] !== '=' || line[pos + 1] !== '"') return null;
      pos += 2;
      let value = '';
      for (;;) {
        const ch = line[pos];
        if (ch === undefined) return null;
        if (ch === '"') break;
        if (ch === '\\') {
          const next = line[pos + 1];
          value += next === 'n' ? '\n' : next === '\\' ? '\\' : next === '"' ? '"' : `\\${next ?? ''}`;
          pos += 2;
        } else {
          value += ch;
          pos++;
        }
      }
      pos++;
      labels[labelName] = value;
      while (line[pos] === ' ') pos++;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') return null;
    }
  }
  const rest = line.slice(pos).trim().split(/\s+/);
  if (rest.length < 1 || rest.length > 2) return null;
  const value = parseValue(rest[0] ?? '');
  if (value === null) return null;
  let timestampMs: number | null = null;
  if (rest[1] !== undefined) {
    if (!/^-?\d+$/.test(rest[1])) return null;
    timestampMs = Number(rest[1]);
  }
  return { name, labels, value, timestampMs };
}
