import type { Sample } from '../../fleet/series';
import { formatValue } from './value';

/**
 * Writing the text format (0.0.4) from decoded samples: what the
 * re-exposition writes for a line it cannot copy from the scraped body.
 */

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** One sample's line, with `fallbackTimestampMs` when it came without a timestamp. */
export function sampleLine(sample: Sample, fallbackTimestampMs: number): string {
  const labels = Object.entries(sample.labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
  return `${sample.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)} ${sample.timestampMs ?? fallbackTimestampMs}\n`;
}
