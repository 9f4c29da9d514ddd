import type { ScanState } from './scan-state';
import type { OverLimit } from './scan-types';

/**
 * The messages of a body over a limit (ScanLimits), worded like Prometheus'
 * own (`label_limit exceeded (…, number of labels: 65, limit: 64)`) but with
 * the config's names. Made only when a line fails, never on the hot path.
 */

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function labelLimitExceeded(s: ScanState, labels: number): OverLimit {
  return {
    limit: 'labelLimit',
    message: `labelLimit: ${count(labels)} labels (the metric name counted), more than the limit of ${count(s.limits.labelLimit)}`,
  };
}

export function labelNameTooLong(s: ScanState, length: number): OverLimit {
  return {
    limit: 'labelNameLengthLimit',
    message: `labelNameLengthLimit: a label name of ${count(length)} bytes, more than the limit of ${count(s.limits.labelNameLengthLimit)}`,
  };
}

export function labelValueTooLong(s: ScanState, name: string, length: number): OverLimit {
  const shown = name.length > 50 ? `${name.slice(0, 50)}…` : name;
  return {
    limit: 'labelValueLengthLimit',
    message: `labelValueLengthLimit: the value of label "${shown}" has ${count(length)} bytes, more than the limit of ${count(s.limits.labelValueLengthLimit)}`,
  };
}

export function metricNameTooLong(s: ScanState, length: number): OverLimit {
  return {
    limit: 'labelValueLengthLimit',
    message: `labelValueLengthLimit: a metric name (the value of __name__) of ${count(length)} bytes, more than the limit of ${count(s.limits.labelValueLengthLimit)}`,
  };
}

/**
 * The scan stops at the first sample past the limit, at byte `at`: the rest
 * of the body is not read, so its count is estimated from the part read
 * (a hostile body is usually one line repeated).
 */
export function sampleLimitExceeded(s: ScanState, at: number): string {
  const estimate = Math.round((s.count * s.body.length) / Math.max(at, 1));
  const total = estimate > s.count ? `about ${count(estimate)}` : count(s.count);
  return (
    `sampleLimit: ${total} samples, more than the limit of ${count(s.limits.sampleLimit)} ` +
    `(the scan stopped at sample ${count(s.count)}, byte ${count(at)} of ${count(s.body.length)})`
  );
}
