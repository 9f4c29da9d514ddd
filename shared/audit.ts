/**
 * GET /api/audit (docs/api.md, admin): what was done, by whom, when and
 * from where, newest first. The desk's Audit page renders it as it comes.
 */
export interface AuditEntryView {
  /** Epoch ms. */
  readonly at: number;
  /** The identity's name (a user, a token's name, "anonymous"). */
  readonly who: string;
  /** How it was authenticated (none, basic, token, proxy, session, wall). */
  readonly method: string;
  /** What was done: silence.created, silence.expired, tokens.reloaded, config.reloaded, … */
  readonly action: string;
  /** The particulars, for people (the silence's matchers and comment, the tokens added and removed). */
  readonly detail: string;
  /** The client address the request came from. */
  readonly address: string;
}

export interface AuditList {
  readonly entries: readonly AuditEntryView[];
}
