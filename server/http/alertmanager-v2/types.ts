/**
 * Wire shapes of Alertmanager's API v2 as fleetscope answers them, named as
 * in Alertmanager's OpenAPI spec (api/v2/openapi.yaml of
 * prometheus/alertmanager, the version amtool 0.25 speaks). Times are
 * RFC 3339 text with milliseconds, as Alertmanager writes them.
 * docs/api.md, "Alertmanager API v2".
 */
import type { Matcher } from '../../../shared/matchers';

/** `receiver`: a receiver by name. */
export interface Receiver {
  name: string;
}

/** `silenceStatus`. */
export interface SilenceStatus {
  state: 'expired' | 'active' | 'pending';
}

/** `gettableSilence`: every field required. */
export interface GettableSilence {
  id: string;
  status: SilenceStatus;
  updatedAt: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/**
 * `alertStatus`: `suppressed` when a silence mutes the alert, `active`
 * otherwise. fleetscope has no inhibition rules, so `inhibitedBy` is always
 * empty; it answers no `unprocessed` alert (every alert held has been
 * evaluated).
 */
export interface AlertStatus {
  state: 'unprocessed' | 'active' | 'suppressed';
  silencedBy: string[];
  inhibitedBy: string[];
}

/** `gettableAlert`. */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Where the alert comes from; absent when its source gave none, as Alertmanager leaves it out. */
  generatorURL?: string;
  receivers: Receiver[];
  fingerprint: string;
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  status: AlertStatus;
}

/** `alertGroup`: one aggregation group of one route (its `group_by` labels) and the alerts in it. */
export interface AlertGroup {
  labels: Record<string, string>;
  receiver: Receiver;
  alerts: GettableAlert[];
}

/** `versionInfo`: Go's build fields, which Alertmanager's clients read as they are. */
export interface VersionInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

/**
 * `alertmanagerStatus`. `config.original` is fleetscope's routing tree and
 * receivers written as an Alertmanager configuration file (the parts that
 * have a meaning there), so `amtool config routes` draws the tree; the
 * cluster is `disabled`: fleetscope does not gossip with Alertmanagers.
 */
export interface AlertmanagerStatus {
  cluster: { status: 'ready' | 'settling' | 'disabled'; peers: Array<{ name: string; address: string }> };
  versionInfo: VersionInfo;
  config: { original: string };
  uptime: string;
}
