import { z } from 'zod';
import type { Labels, MetricMetadata, QueryData } from './types';

/**
 * Decoders of one cluster's `data`, as its Prometheus wrote it. What does
 * not decode is that cluster's failure (a warning), never the answer's.
 */
const point = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const queryData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: point })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.array(point) })) }),
  z.object({ resultType: z.literal('scalar'), result: point }),
  z.object({ resultType: z.literal('string'), result: point }),
]);
const strings = z.array(z.string());
const metadata = z.record(z.string(), z.array(z.object({ type: z.string(), help: z.string(), unit: z.string().default('') })));

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

function decoder<T>(schema: z.ZodType<T>, what: string): (data: unknown) => Decoded<T> {
  return (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: `the answer's data is not ${what}` };
  };
}

export const decodeQueryData: (data: unknown) => Decoded<QueryData> = decoder(queryData, 'a query result');
/** /api/v1/labels and /api/v1/label/<name>/values: a list of strings. */
export const decodeStrings: (data: unknown) => Decoded<string[]> = decoder(strings, 'a list of strings');
export const decodeSeries: (data: unknown) => Decoded<Labels[]> = decoder(z.array(labels), 'a list of label sets');
export const decodeMetadata: (data: unknown) => Decoded<Record<string, MetricMetadata[]>> = decoder(metadata, 'metric metadata');
