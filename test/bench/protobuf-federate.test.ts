import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../server/sources/federate/parse-text';
import { HAS_RESERVED_LABEL, type ParsedExposition } from '../../server/sources/federate/scan-types';
import type { Sample } from '../../server/fleet/series';
import { readScrape } from '../../server/sources/federate/read-scrape';
import { encodeFederateProtobuf, encodeMetricFamilies, protobufSample, scanFederateProtobuf, textSample, type ProtobufScan } from './protobuf-federate';

/**
 * The bench's protobuf encoder and scanner (federation-format.bench.ts), held
 * to a real Prometheus 2.42 /federate answer recorded in both formats: a
 * figure measured on a scanner that reads something else is worth nothing.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/prometheus');
const federateText = readFileSync(path.join(FIXTURES, 'prometheus-2.42-federate.txt'));
const federateProtobuf = readFileSync(path.join(FIXTURES, 'prometheus-2.42-federate.pb'));
const nodeExporterText = readFileSync(path.join(FIXTURES, 'node-exporter-1.5-metrics.txt'));

function text(body: Buffer): ParsedExposition {
  const result = parseExposition(body, { reservedLabel: 'cluster' });
  if (!result.ok) throw new Error(result.message);
  return result.exposition;
}

function scan(body: Buffer, previous?: ProtobufScan): ProtobufScan {
  const result = scanFederateProtobuf(body, { reservedLabel: 'cluster', previous: previous ?? null });
  if (!result.ok) throw new Error(result.message);
  return result.scan;
}

function problem(body: Buffer): string {
  const result = scanFederateProtobuf(body, { reservedLabel: 'cluster' });
  if (result.ok) throw new Error('accepted');
  return result.message;
}

/** Every sample of a scan, by name in body order. */
function samplesByName(s: ProtobufScan): Map<string, Sample[]> {
  return new Map(s.names.map((name) => [name, Array.from(s.byName.get(name)!, (i) => protobufSample(s, i))]));
}

function textSamples(x: ParsedExposition): Sample[] {
  return Array.from({ length: x.count }, (_, i) => textSample(x, i));
}

function protobufSamples(s: ProtobufScan): Sample[] {
  return Array.from({ length: s.count }, (_, i) => protobufSample(s, i));
}

describe('the protobuf scanner on a real Prometheus 2.42 /federate answer', () => {
  const x = text(federateText);
  const pb = scan(federateProtobuf);

  it('reads the samples FederatedSeries reads from the same answer in text: names, labels, values, timestamps', () => {
    expect(pb.count).toBe(893);
    expect(pb.count).toBe(x.count);
    expect(pb.names).toEqual(x.names);
    // Every series carries cluster="c1"; with `keep` FederatedSeries leaves the labels as written.
    for (let i = 0; i < x.count; i++) expect(x.flags[i]! & HAS_RESERVED_LABEL).toBe(HAS_RESERVED_LABEL);
    for (let i = 0; i < pb.count; i++) expect(pb.flags[i]! & HAS_RESERVED_LABEL).toBe(HAS_RESERVED_LABEL);
    const read = readScrape(federateText, { labelling: { label: 'cluster', cluster: 'c1', existing: 'keep' } });
    if (!read.ok) throw new Error(read.message);
    const series = read.series;
    const fromText = new Map(x.names.map((name) => [name, series.get(name)]));
    expect(samplesByName(pb)).toEqual(fromText);
    expect(pb.families.get('go_goroutines')).toEqual({ type: 'untyped', help: null });
  });

  it('is what the encoder writes for the text answer, byte for byte', () => {
    expect(encodeFederateProtobuf(x).equals(federateProtobuf)).toBe(true);
  });

  it('with the previous scan, reads only values and timestamps of repeated series, to the same samples', () => {
    const later = text(Buffer.from(federateText.toString('utf8').replace(/ (\d+)$/gm, (_m, ts: string) => ` ${Number(ts) + 15_000}`)));
    const moved = textSamples(later).map((s, i) => ({ ...s, value: i % 2 ? s.value : s.value + 1 }));
    const body = encodeMetricFamilies(later.names.map((name) => ({ name, samples: moved.filter((s) => s.name === name) })));
    const next = scan(body, pb);
    expect(next.repeated).toBe(893);
    expect(Array.from(next.previousLine)).toEqual(Array.from({ length: 893 }, (_, i) => i));
    expect(protobufSamples(next)).toEqual(moved);
    expect(protobufSamples(next)).not.toEqual(protobufSamples(pb));
  });

  it('with the previous scan, reads a series whose labels changed the full way', () => {
    const samples = protobufSamples(pb);
    const changed = samples.map((s, i) => (i === 5 ? { ...s, labels: { ...s.labels, job: 'renamed' } } : s));
    const next = scan(encodeMetricFamilies(pb.names.map((name) => ({ name, samples: changed.filter((s) => s.name === name) }))), pb);
    expect(next.repeated).toBe(892);
    expect(next.previousLine[5]).toBe(-1);
    expect(protobufSamples(next)).toEqual(changed);
  });
});

describe('the protobuf encoder and scanner, round trip from text', () => {
  it('gives back every sample of node exporter 1.5 (no timestamps; counters, gauges, histograms and summaries written as untyped series)', () => {
    const x = text(nodeExporterText);
    const back = scan(encodeFederateProtobuf(x));
    expect(back.count).toBe(x.count);
    expect(back.names).toEqual(x.names);
    expect(protobufSamples(back)).toEqual(textSamples(x));
    expect(protobufSamples(back).some((s) => s.timestampMs !== null)).toBe(false);
  });

  it('reads negative timestamps (ten-byte varints) and keeps the first of a series repeated in a row', () => {
    const s: Sample = { name: 'm', labels: { a: 'x' }, value: -2.5, timestampMs: -1500 };
    const back = scan(encodeMetricFamilies([{ name: 'm', samples: [s, { ...s, value: 9 }, { ...s, labels: { a: 'y' } }] }]));
    expect(back.duplicates).toBe(1);
    expect(protobufSamples(back)).toEqual([s, { ...s, labels: { a: 'y' } }]);
  });
});

describe('the protobuf scanner refuses what Prometheus refuses', () => {
  const family = (labels: Record<string, string>, name = 'm') => encodeMetricFamilies([{ name, samples: [{ name, labels, value: 1, timestampMs: 1 }] }]);

  it('an invalid label name, metric name, or a repeated label name', () => {
    expect(problem(family({ '1a': 'x' }))).toMatch(/invalid label name/);
    expect(problem(family({ 'a-b': 'x' }))).toMatch(/invalid label name/);
    expect(problem(family({ a: 'x' }, 'm-m'))).toMatch(/invalid metric name/);
    // Two pairs with one name cannot come from an object, so written by hand: family "m", one metric {a="x",a="x"} 1 1.
    const pair = '0a060a01611201' + '78';
    const metric = `${pair}${pair}2a0909000000000000f03f3001`;
    const doubled = Buffer.from(`24 0a016d 1803 221d ${metric}`.replace(/ /g, ''), 'hex');
    expect(problem(doubled)).toMatch(/repeated label name/);
  });

  it('a label value that is not UTF-8', () => {
    const body = family({ a: 'xyz' });
    body[body.indexOf('xyz') + 1] = 0xff;
    expect(problem(body)).toMatch(/not valid UTF-8/);
  });

  it('a truncated body', () => {
    const body = family({ a: 'x' });
    expect(problem(body.subarray(0, body.length - 3))).toMatch(/past the end/);
  });
});
