import { applyClusterLabel, type ClusterLabelling } from '../../sources/federate/labelling';
import type { ApiError, Labels, MatrixSeries, MetricMetadata, Point, QueryData, VectorSample } from './types';

/**
 * Pure merges of the clusters' answers into one, as one Prometheus holding
 * every cluster's series (each labelled with its cluster) would answer:
 * unions, without duplicates, in Prometheus' order.
 */

/** One cluster's decoded answer. */
export interface ClusterAnswer<T> {
  readonly labelling: ClusterLabelling;
  readonly data: T;
}

/** A series' identity: its labels in name order. */
export function seriesKey(labels: Labels): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

const labelled = (metric: Labels, labelling: ClusterLabelling): Labels => applyClusterLabel({ ...metric }, labelling);

/** Prometheus orders label sets by their labels compared in name order (labels.Compare). */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const [na, nb] = [ka[i]!, kb[i]!];
    if (na !== nb) return na < nb ? -1 : 1;
    const [va, vb] = [a[na]!, b[nb]!];
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}

function mergeVectors(answers: ReadonlyArray<ClusterAnswer<VectorSample[]>>): VectorSample[] {
  const seen = new Set<string>();
  const out: VectorSample[] = [];
  for (const answer of answers)
    for (const sample of answer.data) {
      const metric = labelled(sample.metric, answer.labelling);
      const key = seriesKey(metric);
      // The same series twice (existingClusterLabel: keep, two clusters with the same label): the first cluster's wins.
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ metric, value: sample.value });
    }
  return out;
}

function mergeMatrices(answers: ReadonlyArray<ClusterAnswer<MatrixSeries[]>>): MatrixSeries[] {
  const byKey = new Map<string, { metric: Labels; points: Map<number, Point> }>();
  for (const answer of answers)
    for (const series of answer.data) {
      const metric = labelled(series.metric, answer.labelling);
      const key = seriesKey(metric);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { metric, points: new Map() }));
      for (const point of series.values) if (!entry.points.has(point[0])) entry.points.set(point[0], point);
    }
  return [...byKey.values()]
    .map(({ metric, points }) => ({ metric, values: [...points.values()].sort((a, b) => a[0] - b[0]) }))
    .sort((a, b) => compareLabels(a.metric, b.metric));
}

/**
 * The clusters' query results as one. Vectors and matrices: the union,
 * each series labelled with its cluster. A scalar or a string has no labels
 * to tell clusters apart and the envelope has room for one: when every
 * cluster computed the same (`1+1`, `time()`, `"text"`: what Grafana's
 * connection test and constant panels ask) that one is the answer; when they
 * differ no single answer is true of the fleet, and the caller is told to ask
 * for a vector by cluster instead.
 */
export function mergeQueryData(
  answers: ReadonlyArray<ClusterAnswer<QueryData>>,
  fallback: QueryData['resultType'],
): { ok: true; data: QueryData } | { ok: false; error: ApiError } {
  const first = answers[0];
  if (!first) return { ok: true, data: fallback === 'matrix' ? { resultType: 'matrix', result: [] } : { resultType: 'vector', result: [] } };
  const type = first.data.resultType;
  const mixed = answers.find((a) => a.data.resultType !== type);
  if (mixed)
    return {
      ok: false,
      error: {
        errorType: 'execution',
        error: `the clusters' results are of different types (${first.labelling.cluster}: ${type}, ${mixed.labelling.cluster}: ${mixed.data.resultType})`,
      },
    };
  const vectors: Array<ClusterAnswer<VectorSample[]>> = [];
  const matrices: Array<ClusterAnswer<MatrixSeries[]>> = [];
  const singles: Array<{ cluster: string; point: Point }> = [];
  for (const { labelling, data } of answers) {
    if (data.resultType === 'vector') vectors.push({ labelling, data: data.result });
    else if (data.resultType === 'matrix') matrices.push({ labelling, data: data.result });
    else singles.push({ cluster: labelling.cluster, point: data.result });
  }
  if (type === 'vector') return { ok: true, data: { resultType: 'vector', result: mergeVectors(vectors) } };
  if (type === 'matrix') return { ok: true, data: { resultType: 'matrix', result: mergeMatrices(matrices) } };
  const differs = singles.some((s) => s.point[1] !== singles[0]!.point[1]);
  if (differs) {
    const values = singles.map((s) => `${s.cluster}: ${s.point[1]}`).join(', ');
    return {
      ok: false,
      error: {
        errorType: 'execution',
        error: `the clusters' ${type} results differ (${values}); a ${type} cannot say which cluster it is from: ask for a vector by cluster instead, e.g. count by (cluster) (…) rather than scalar(count(…))`,
      },
    };
  }
  return { ok: true, data: type === 'scalar' ? { resultType: 'scalar', result: first.data.result } : { resultType: 'string', result: first.data.result } };
}

/** /api/v1/series: the union of the clusters' label sets, each with its cluster, in Prometheus' order. */
export function mergeSeries(answers: ReadonlyArray<ClusterAnswer<Labels[]>>): Labels[] {
  const byKey = new Map<string, Labels>();
  for (const answer of answers)
    for (const labels of answer.data) {
      const metric = labelled(labels, answer.labelling);
      const key = seriesKey(metric);
      if (!byKey.has(key)) byKey.set(key, metric);
    }
  return [...byKey.values()].sort(compareLabels);
}

/** /api/v1/labels: every cluster's label names, the fleet's cluster label (and the name an existing one moved to) among them, sorted. */
export function mergeLabelNames(answers: ReadonlyArray<ClusterAnswer<string[]>>): string[] {
  const names = new Set<string>();
  for (const { labelling, data } of answers) {
    if (data.length === 0) continue;
    names.add(labelling.label);
    for (const name of data) names.add(name === labelling.label && labelling.existing === 'rename' ? `exported_${name}` : name);
  }
  return [...names].sort();
}

/**
 * Which label a cluster's Prometheus must be asked the values of, for the
 * fleet's label `name`: itself, its original (`exported_cluster` under
 * `rename` is the cluster's own `cluster`), or none (the fleet's cluster
 * label under `rename` is the cluster's name).
 */
export function upstreamLabel(name: string, labelling: ClusterLabelling): string | null {
  if (labelling.existing === 'keep') return name;
  if (name === labelling.label) return null;
  if (name === `exported_${labelling.label}`) return labelling.label;
  return name;
}

/** /api/v1/label/<name>/values: the union, sorted; each cluster's own name for the cluster label when it has matching series. */
export function mergeLabelValues(answers: ReadonlyArray<ClusterAnswer<{ values: string[]; hasSeries: boolean }>>, name: string): string[] {
  const values = new Set<string>();
  for (const { labelling, data } of answers) {
    // The cluster's own `cluster` equal to its name is not repeated as exported_cluster (see applyClusterLabel).
    const repeated = labelling.existing === 'rename' && name === `exported_${labelling.label}` ? labelling.cluster : null;
    for (const value of data.values) if (value !== repeated) values.add(value);
    if (name === labelling.label && data.hasSeries && (labelling.existing === 'rename' || !data.values.length)) values.add(labelling.cluster);
  }
  return [...values].sort();
}

/** /api/v1/metadata: per metric the distinct entries of every cluster, at most `limit` metrics (Prometheus' `limit`) when given. */
export function mergeMetadata(answers: ReadonlyArray<ClusterAnswer<Record<string, MetricMetadata[]>>>, limit: number | null): Record<string, MetricMetadata[]> {
  const out: Record<string, MetricMetadata[]> = {};
  const seen = new Map<string, Set<string>>();
  for (const { data } of answers)
    for (const [metric, entries] of Object.entries(data)) {
      let keys = seen.get(metric);
      if (!keys) {
        if (limit !== null && limit > 0 && seen.size >= limit) continue;
        seen.set(metric, (keys = new Set()));
        out[metric] = [];
      }
      for (const entry of entries) {
        const key = JSON.stringify([entry.type, entry.help, entry.unit]);
        if (keys.has(key)) continue;
        keys.add(key);
        out[metric]!.push(entry);
      }
    }
  return out;
}
