/**
 * A set of label (or annotation) name/value pairs, as Prometheus and
 * Alertmanager have them. A name that is absent reads as the empty value.
 */
export type LabelSet = Readonly<Record<string, string>>;
