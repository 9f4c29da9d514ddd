import { z } from 'zod';
import { duration, httpUrl } from './common';

/**
 * Clusters spread over the live replicas (docs/scaling.md#sharded): each
 * replica scrapes and watches the clusters rendezvous hashing gives it, writes
 * their summaries to PostgreSQL, and serves the whole fleet from its own and
 * the others' summaries. Needs `store.postgres`.
 */
export const shardingConfig = z
  .strictObject({
    enabled: z.boolean().default(false),
    /**
     * This replica's name among the members: stable across restarts (a
     * StatefulSet's pod name), so that its clusters come back to it. Default:
     * the host name.
     */
    replica: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/, 'must be letters, digits, "-", "_" or ".", at most 63')
      .optional(),
    /** How the other replicas reach this one (its /federate), e.g. http://fleetscope-0.fleetscope:8080. Default: http://HOST:PORT of the listen address. */
    advertiseUrl: httpUrl.optional(),
    /** How often this replica writes its heartbeat and reads the members. */
    heartbeatInterval: duration.default(5_000),
    /** A member whose heartbeat is older than this is gone: its clusters move to the others. */
    memberTimeout: duration.default(15_000),
    /** How long a replica keeps scraping a cluster that moved to another, so that the wall shows no gap while the new owner makes its first scrape. */
    handover: duration.default(30_000),
  })
  .refine((s) => s.heartbeatInterval * 2 <= s.memberTimeout, {
    message: 'heartbeatInterval must be at most half of memberTimeout',
    path: ['heartbeatInterval'],
  });
export type ShardingConfig = z.output<typeof shardingConfig>;
