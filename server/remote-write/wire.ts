import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import type { Labels } from '../fleet/series';
import type { QueuedSample } from './queue';

/**
 * The messages of Prometheus' remote-write 1.0 (prompb/types.proto and
 * remote.proto), as far as samples go: defined with protobufjs' reflection
 * API so nothing needs copying next to the bundled build.
 */
const { Field, Root, Type } = protobuf;
const root = new Root()
  .define('prometheus')
  .add(new Type('Label').add(new Field('name', 1, 'string')).add(new Field('value', 2, 'string')))
  .add(new Type('Sample').add(new Field('value', 1, 'double')).add(new Field('timestamp', 2, 'int64')))
  .add(new Type('TimeSeries').add(new Field('labels', 1, 'Label', 'repeated')).add(new Field('samples', 2, 'Sample', 'repeated')))
  .add(new Type('WriteRequest').add(new Field('timeseries', 1, 'TimeSeries', 'repeated')));

/** prometheus.WriteRequest: `timeseries` (labels sorted by name, `__name__` among them; samples of value and int64 ms timestamp). */
export const WRITE_REQUEST = root.lookupType('prometheus.WriteRequest');

/** The headers the 1.0 spec requires of every request. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-encoding': 'snappy',
  'content-type': 'application/x-protobuf',
  'x-prometheus-remote-write-version': '0.1.0',
});

interface WireLabel {
  readonly name: string;
  readonly value: string;
}

interface WireSeries {
  readonly labels: readonly WireLabel[];
  readonly samples: { value: number; timestamp: number }[];
}

/**
 * The wire labels of a series, sorted, `__name__` among them: made once per
 * labels object (which the federation source shares across a series' scrapes)
 * and reused for every sample of it sent later.
 */
const wireLabels = new WeakMap<Labels, { readonly name: string; readonly labels: readonly WireLabel[] }>();

function labelsOf(name: string, labels: Labels): readonly WireLabel[] {
  const cached = wireLabels.get(labels);
  if (cached?.name === name) return cached.labels;
  const out: WireLabel[] = [];
  let named = false;
  for (const label of Object.keys(labels).sort()) {
    // Label names are ASCII, so JavaScript's order is the byte order the spec asks for.
    if (!named && label > '__name__') {
      out.push({ name: '__name__', value: name });
      named = true;
    }
    out.push({ name: label, value: labels[label]! });
  }
  if (!named) out.push({ name: '__name__', value: name });
  wireLabels.set(labels, { name, labels: out });
  return out;
}

/**
 * One request body: the samples as a WriteRequest, one TimeSeries per series
 * (a series' samples in the order given), snappy block-compressed. Pure.
 */
export function encodeWriteRequest(samples: readonly QueuedSample[]): Uint8Array<ArrayBuffer> {
  const bySeries = new Map<Labels, Map<string, WireSeries>>();
  const timeseries: WireSeries[] = [];
  for (const { sample, timestampMs } of samples) {
    let byName = bySeries.get(sample.labels);
    if (!byName) bySeries.set(sample.labels, (byName = new Map<string, WireSeries>()));
    let series = byName.get(sample.name);
    if (!series) {
      series = { labels: labelsOf(sample.name, sample.labels), samples: [] };
      byName.set(sample.name, series);
      timeseries.push(series);
    }
    series.samples.push({ value: sample.value, timestamp: timestampMs });
  }
  const compressed = snappy.compress(WRITE_REQUEST.encode({ timeseries }).finish());
  // A copy with an ArrayBuffer of its own: what fetch takes as a body.
  return new Uint8Array(compressed);
}
