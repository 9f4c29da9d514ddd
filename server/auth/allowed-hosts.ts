import { isIP } from 'node:net';

export interface AllowedHostsOptions {
  /** server.externalUrl: its host name is allowed. */
  externalUrl?: string;
  /** server.allowedHosts: names (`fleetscope.example.com`), `.example.com` for a domain and its subdomains, `*` for any. */
  allowedHosts: readonly string[];
  /** The address fleetscope listens on (a name given there is allowed). */
  listenHost: string;
}

/** The host name of a Host header (`name:8080`, `[::1]:8080`), lower case, without a trailing dot. */
export function hostNameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (isIP(trimmed) !== 0) return trimmed;
  const name = trimmed.startsWith('[') ? trimmed.slice(1, trimmed.indexOf(']')) : trimmed.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/**
 * Whether a request's Host header names this server. DNS rebinding points
 * a name of the attacker's at this server's address, so the browser's page
 * and its requests carry the attacker's name in Host (and Origin): only
 * names that are fleetscope's pass. An IP address or `localhost` cannot be
 * rebound, so those always pass; a request without Host is not a browser's.
 */
export function createHostCheck(options: AllowedHostsOptions): (host: string | undefined) => boolean {
  if (options.allowedHosts.includes('*')) return () => true;
  const names = new Set<string>();
  const domains: string[] = [];
  for (const entry of options.allowedHosts) {
    const name = hostNameOf(entry);
    if (name.startsWith('.')) domains.push(name);
    else names.add(name);
  }
  if (options.externalUrl) names.add(hostNameOf(new URL(options.externalUrl).host));
  names.add(hostNameOf(options.listenHost));
  return (host) => {
    if (host === undefined || host === '') return true;
    const name = hostNameOf(host);
    if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
    return names.has(name) || domains.some((d) => name.endsWith(d) || name === d.slice(1));
  };
}
