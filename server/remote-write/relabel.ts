import { compileRegex, type AnchoredRegex } from '../../shared/regex';
import type { WriteRelabelConfig } from '../config/schema/remote-write';
import type { Sample } from '../fleet/series';

/** Whether a federated sample is written: every rule of `writeRelabelConfigs`, in order, must let it through. */
export type SeriesFilter = (sample: Sample) => boolean;

interface Rule {
  readonly keep: boolean;
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  readonly regex: AnchoredRegex;
}

/**
 * The keep/drop rules of Prometheus' write_relabel_configs over one sample:
 * the source labels' values (`__name__` the metric name, "" for an absent
 * label) joined by the separator, matched fully anchored. Pure; the
 * patterns were checked when the config was read, so one that does not
 * compile is a programmer error.
 */
export function createSeriesFilter(rules: readonly WriteRelabelConfig[]): SeriesFilter {
  const compiled: Rule[] = rules.map((rule) => {
    const result = compileRegex(rule.regex, { dotAll: false });
    if (!result.ok) throw new Error(`writeRelabelConfigs regex ${JSON.stringify(rule.regex)} was not validated: ${result.reason}`);
    return { keep: rule.action === 'keep', sourceLabels: rule.sourceLabels, separator: rule.separator, regex: result.regex };
  });
  if (compiled.length === 0) return () => true;
  return (sample) => {
    for (const rule of compiled) {
      const value = rule.sourceLabels.map((label) => (label === '__name__' ? sample.name : (sample.labels[label] ?? ''))).join(rule.separator);
      if (rule.regex.test(value) !== rule.keep) return false;
    }
    return true;
  };
}
