import { describe, it } from 'vitest';
import { fuzzCases } from '../../../test/helpers/exposition-fuzz';

/**
 * Property-based tests of the text-format scan (test/helpers/exposition-fuzz.ts
 * says what each property generates and checks): a fixed seed and a bounded
 * count, so a run takes a few seconds and fails the same way every time.
 * fast-check prints a failure's seed and path to replay it, shrunk to a small
 * input. The long run is `npm run bench -- fuzz`.
 */
const SEED = 16_016;
const RUNS = 300;

describe('parseExposition, fuzzed', () => {
  for (const property of fuzzCases()) it(property.name, () => property.assert({ seed: SEED, numRuns: RUNS }));
});
