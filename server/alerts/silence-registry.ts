import type { SilenceView } from '../../shared/alerts';
import type { Matcher } from '../../shared/matchers';
import type { Logger } from '../log';
import type { Silence } from '../store/records';
import type { Store } from '../store/types';
import { silenceProblem, silenceState, silenceView } from './silences';

/** Expired silences are kept this long (Alertmanager's default retention). */
const SILENCE_RETENTION_MS = 5 * 86_400_000;

/** A silence to create, or (with the `id` of one held) to update. Times are epoch ms. */
export interface SilenceInput {
  id?: string;
  matchers: Matcher[];
  /** Now when absent. */
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

/**
 * The silences fleetscope holds: loaded from the store at start, kept in
 * memory for every flush, and written through to the store on each change.
 * A stored silence that cannot be applied (its regex is not RE2) is logged
 * at start, listed with its problem and applied to nothing: never fatal.
 */
export interface SilenceRegistry {
  /** Every silence that can be applied, expired ones included until their retention ends. */
  all(): readonly Silence[];
  /** As GET /api/silences answers them: every silence held, a skipped one with its `problem`. */
  list(): SilenceView[];
  /** Creates a silence, or replaces the one with `input.id`; an active one's start is not moved earlier. */
  create(input: SilenceInput): Promise<Silence>;
  /** Ends a silence now; false when there is none with this id or it already ended. */
  expire(id: string): Promise<boolean>;
  /** Forgets silences that expired longer ago than the retention. */
  prune(now: number): void;
  /** Reads the silences again (other replicas on a shared store create and expire them too). */
  reload(): Promise<void>;
}

export interface SilenceRegistryOptions {
  store: Store;
  now: () => number;
  newId: () => string;
  /** Where a stored silence that is skipped is reported. */
  logger: Logger;
}

export async function createSilenceRegistry(options: SilenceRegistryOptions): Promise<SilenceRegistry> {
  const { store, now, newId, logger } = options;
  let silences: Silence[] = [];
  const problems = new Map<string, string>();
  let usable: Silence[] = [];
  async function load(): Promise<void> {
    const stored = await store.listSilences();
    for (const s of stored) {
      const problem = silenceProblem(s);
      if (!problem) problems.delete(s.id);
      else if (problems.get(s.id) !== problem) {
        problems.set(s.id, problem);
        logger.warn({ silence: s.id, problem }, `stored silence ${s.id} is skipped (it mutes nothing until replaced): ${problem}`);
      }
    }
    silences = stored;
    usable = silences.filter((s) => !problems.has(s.id));
  }
  await load();
  const replace = (next: Silence[]) => {
    silences = next;
    usable = silences.filter((s) => !problems.has(s.id));
  };
  return {
    all: () => usable,
    list() {
      const t = now();
      return silences.map((s) => silenceView(s, t, problems.get(s.id) ?? null));
    },
    async create(input) {
      const t = now();
      const existing = input.id ? silences.find((s) => s.id === input.id) : undefined;
      const silence: Silence = {
        id: existing?.id ?? newId(),
        matchers: input.matchers,
        startsAt: Math.max(input.startsAt ?? t, existing && silenceState(existing, t) === 'active' ? existing.startsAt : 0),
        endsAt: input.endsAt,
        createdBy: input.createdBy,
        comment: input.comment,
        updatedAt: t,
      };
      await store.saveSilence(silence);
      // The API checked the matchers: a replaced silence that was skipped applies again.
      problems.delete(silence.id);
      replace([...silences.filter((s) => s.id !== silence.id), silence]);
      return silence;
    },
    async expire(id) {
      const t = now();
      const s = silences.find((x) => x.id === id);
      if (!s || silenceState(s, t) === 'expired') return false;
      const expired: Silence = { ...s, startsAt: Math.min(s.startsAt, t), endsAt: t, updatedAt: t };
      await store.saveSilence(expired);
      replace(silences.map((x) => (x.id === id ? expired : x)));
      return true;
    },
    prune(t) {
      replace(silences.filter((s) => t - s.endsAt < SILENCE_RETENTION_MS));
    },
    reload: load,
  };
}
