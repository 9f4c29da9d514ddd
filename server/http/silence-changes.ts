import type { Request } from 'express';
import { z } from 'zod';
import { checkMatcher, formatMatchers } from '../../shared/matchers';
import type { SilenceRegistry } from '../alerts/silence-registry';
import { actorOf, type AuditLog } from '../auth/audit';
import type { Identity } from '../auth/types';
import { formatPath } from '../config/load';
import type { Silence } from '../store/records';
import { callerOf, identityOf } from './guard';

/** A silence as Alertmanager's API v2 `postableSilence` has it (times as RFC 3339). */
const postableSilence = z.object({
  id: z.string().optional(),
  matchers: z
    .array(z.object({ name: z.string().min(1), value: z.string(), isRegex: z.boolean().default(false), isEqual: z.boolean().default(true) }))
    .min(1, 'a silence needs at least one matcher'),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time such as 2026-11-21T18:00:00Z' }),
  createdBy: z.string().min(1),
  comment: z.string().min(1),
});

/** Who asks for a change, as the access guard judged the request. */
export interface SilenceActor {
  readonly identity: Identity;
  /** The client's address, for the audit log. */
  readonly address: string;
}

/** The caller of a request that changes silences, as the access guard judged it. */
export function silenceActorOf(req: Request): SilenceActor {
  return { identity: identityOf(req), address: callerOf(req).address };
}

/**
 * Why a silence was not created: the body's problems (one line each, with
 * its path), times that do not make a window (each API words these its
 * own way), or an `id` that names no silence held.
 */
export type SilenceRefusal =
  | { readonly kind: 'invalid'; readonly problems: readonly string[] }
  | { readonly kind: 'start_not_before_end' }
  | { readonly kind: 'end_in_past' }
  | { readonly kind: 'not_found'; readonly id: string };

export type SilenceCreation =
  { readonly ok: true; readonly silence: Silence; readonly updated: boolean } | { readonly ok: false; readonly refusal: SilenceRefusal };

/** Expired now, or not: it had already ended, or there is none with that id. */
export type SilenceExpiry = { readonly ok: true } | { readonly ok: false; readonly kind: 'already_expired' | 'not_found' };

/**
 * Creating and expiring silences, as every API that does it does it: one
 * validation, the authenticated caller as the creator (the body's
 * `createdBy` counts only while access control is off), and one audit
 * entry per change. `POST /api/silences` and Alertmanager's
 * `POST /api/v2/silences` are two wordings of this.
 */
export interface SilenceChanges {
  create(body: unknown, actor: SilenceActor): Promise<SilenceCreation>;
  expire(id: string, actor: SilenceActor): Promise<SilenceExpiry>;
}

export interface SilenceChangesOptions {
  silences: Pick<SilenceRegistry, 'list' | 'create' | 'expire'>;
  audit: AuditLog;
  now: () => number;
}

export function createSilenceChanges(options: SilenceChangesOptions): SilenceChanges {
  const { silences, audit, now } = options;
  return {
    async create(body, { identity, address }) {
      const parsed = postableSilence.safeParse(body);
      if (!parsed.success) return { ok: false, refusal: { kind: 'invalid', problems: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) } };
      const input = parsed.data;
      const bad = input.matchers.map((m, i) => ({ i, problem: checkMatcher(m) })).filter((x) => x.problem);
      if (bad.length) return { ok: false, refusal: { kind: 'invalid', problems: bad.map((b) => `matchers[${b.i}]: ${b.problem}`) } };
      const startsAt = input.startsAt ? Date.parse(input.startsAt) : undefined;
      const endsAt = Date.parse(input.endsAt);
      if (startsAt !== undefined && endsAt <= startsAt) return { ok: false, refusal: { kind: 'start_not_before_end' } };
      if (endsAt <= now()) return { ok: false, refusal: { kind: 'end_in_past' } };
      if (input.id && !silences.list().some((s) => s.id === input.id)) return { ok: false, refusal: { kind: 'not_found', id: input.id } };
      const createdBy = identity.method === 'none' ? input.createdBy : identity.name;
      const silence = await silences.create({ ...input, createdBy, startsAt, endsAt });
      await audit.record(actorOf(identity, address), {
        action: input.id ? 'silence.updated' : 'silence.created',
        target: silence.id,
        detail: `{${formatMatchers(silence.matchers)}} until ${new Date(silence.endsAt).toISOString()}: ${silence.comment}`,
      });
      return { ok: true, silence, updated: input.id !== undefined };
    },
    async expire(id, { identity, address }) {
      const silence = silences.list().find((s) => s.id === id);
      if (!silence) return { ok: false, kind: 'not_found' };
      if (!(await silences.expire(id))) return { ok: false, kind: 'already_expired' };
      await audit.record(actorOf(identity, address), {
        action: 'silence.expired',
        target: silence.id,
        detail: `{${formatMatchers(silence.matchers)}}, created by ${silence.createdBy}`,
      });
      return { ok: true };
    },
  };
}
