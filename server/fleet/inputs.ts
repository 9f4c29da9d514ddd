import type { SourceError } from '../../shared/errors';
import type { FleetEvent } from '../../shared/events';
import type { ScrapedSeries } from './series';

/**
 * What the fleet takes from its sources. The sources implement these
 * contracts (sources/), the fleet keeps what they report; nothing here
 * depends on how a source fetches.
 */

/**
 * What a source worker reports after each attempt. Workers never throw into
 * the fleet: a failure is a value with a kind.
 */
export type SourceResult<T> = {
  cluster: string;
  /** Epoch ms when the attempt finished. */
  at: number;
  durationMs: number;
} & ({ ok: true; data: T } | { ok: false; error: SourceError });

/** One successful scrape of one cluster's /federate. */
export interface PrometheusScrape {
  readonly series: ScrapedSeries;
  /** Samples kept (duplicates dropped). */
  readonly samples: number;
  /** Decoded body size. */
  readonly bytes: number;
  /** Repeated series dropped from this scrape. */
  readonly duplicates: number;
}

/** The API server's /version answer (k8s.io/apimachinery/pkg/version.Info), the parts fleetscope uses. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

/** One Event object as watched, before repeats are merged. */
export interface ObservedEvent {
  /** metadata.uid, or namespace/name when the server sent no uid. */
  uid: string;
  resourceVersion: string;
  event: FleetEvent;
}
