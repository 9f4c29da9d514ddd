import type { SilenceView } from '../../shared/alerts';
import type { Matcher } from '../../shared/matchers';
import type { Silence } from '../store/records';
import type { Store } from '../store/types';
import { silenceState, silenceView } from './silences';

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
 */
export interface SilenceRegistry {
  /** Every silence held, expired ones included until their retention ends. */
  all(): readonly Silence[];
  /** As GET /api/silences answers them. */
  list(): SilenceView[];
  /** Creates a silence, or replaces the one with `input.id`; an active one's start is not moved earlier. */
  create(input: SilenceInput): Promise<Silence>;
  /** Ends a silence now; false when there is none with this id or it already ended. */
  expire(id: string): Promise<boolean>;
  /** Forgets silences that expired longer ago than the retention. */
  prune(now: number): void;
}

export interface SilenceRegistryOptions {
  store: Store;
  now: () => number;
  newId: () => string;
}

export async function createSilenceRegistry(options: SilenceRegistryOptions): Promise<SilenceRegistry> {
  const { store, now, newId } = options;
  let silences = await store.listSilences();
  return {
    all: () => silences,
    list() {
      const t = now();
      return silences.map((s) => silenceView(s, t));
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
      silences = [...silences.filter((s) => s.id !== silence.id), silence];
      return silence;
    },
    async expire(id) {
      const t = now();
      const s = silences.find((x) => x.id === id);
      if (!s || silenceState(s, t) === 'expired') return false;
      const expired: Silence = { ...s, startsAt: Math.min(s.startsAt, t), endsAt: t, updatedAt: t };
      await store.saveSilence(expired);
      silences = silences.map((x) => (x.id === id ? expired : x));
      return true;
    },
    prune(t) {
      silences = silences.filter((s) => t - s.endsAt < SILENCE_RETENTION_MS);
    },
  };
}
