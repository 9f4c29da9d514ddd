import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from '../duration';

/** A duration string in config, parsed to milliseconds. */
export const duration = z
  .string({ error: 'must be a duration like 15s, 2m or 1h30m' })
  .regex(DURATION_PATTERN, 'must be a duration like 15s, 2m or 1h30m')
  .transform(parseDuration);

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be a URL (http:// or https://)' });

/** Label names as Prometheus allows them. */
export const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)');

export const labels = z.record(labelName, z.string({ error: 'label values must be strings' }));
