import { requestsClientCert } from './secure-context';
import type { WebConfig, WebConfigProblem } from './types';

/**
 * What a new web configuration changes that the running server cannot take
 * on without a restart: HTTP to HTTPS and back (a different server), and
 * whether a client certificate is asked for at all (Node fixes it per
 * server). Everything else — certificate, key, client CAs, the client
 * certificate policy between the kinds that ask for one, versions, suites,
 * users, headers, the rate limit — applies to the next connection or request.
 */
export function changesNeedingRestart(running: WebConfig, next: WebConfig): WebConfigProblem[] {
  if (running.tls === null && next.tls !== null)
    return [{ field: 'tls_server_config', message: 'turning TLS on needs a restart (fleetscope serves plain HTTP until then)' }];
  if (running.tls !== null && next.tls === null)
    return [{ field: 'tls_server_config', message: 'turning TLS off needs a restart (fleetscope serves HTTPS until then)' }];
  if (requestsClientCert(running.tls) !== requestsClientCert(next.tls))
    return [
      {
        field: 'tls_server_config.client_auth_type',
        message: `changing it from ${running.tls?.clientAuth ?? 'NoClientCert'} to ${next.tls?.clientAuth ?? 'NoClientCert'} needs a restart`,
      },
    ];
  return [];
}
