import { readFileSync } from 'node:fs';
import type { AlertsConfig } from '../config/schema/alerts';
import { readFailure } from '../read-failure';
import type { ReceiverTarget } from './deliver';

/**
 * The alert config's secrets, read at the edge (the command checks them with
 * the config, main.ts hands them to the engine). Problems name the config
 * path and the file, never the secret.
 */
export interface AlertSecrets {
  /** Receivers ready to send, by name. */
  receivers: Map<string, ReceiverTarget>;
  /** The bearer token inbound Alertmanager webhooks must present; null when none is configured. */
  inboundToken: string | null;
  problems: string[];
}

/** The bearer token inbound Alertmanager webhooks must present, if one is configured. */
function resolveInboundToken(config: AlertsConfig): { token: string | null; problems: string[] } {
  const { token, token_file } = config.inbound;
  if (token !== undefined) return { token, problems: [] };
  if (token_file === undefined) return { token: null, problems: [] };
  try {
    const read = readFileSync(token_file, 'utf8').split('\n')[0]?.trim() ?? '';
    return read.length >= 16
      ? { token: read, problems: [] }
      : { token: null, problems: [`alerts.inbound.token_file: the first line of ${token_file} must be a token of at least 16 characters`] };
  } catch (error) {
    return { token: null, problems: [`alerts.inbound.token_file: cannot read ${token_file}: ${readFailure(error)}`] };
  }
}

/** Reads each receiver's webhook URL (inline or from its file). */
export function resolveReceivers(config: AlertsConfig): { targets: Map<string, ReceiverTarget>; problems: string[] } {
  const targets = new Map<string, ReceiverTarget>();
  const problems: string[] = [];
  config.receivers.forEach((r, i) => {
    let url = r.url;
    if (url === undefined && r.url_file !== undefined) {
      try {
        url = readFileSync(r.url_file, 'utf8').split('\n')[0]?.trim();
      } catch (error) {
        problems.push(`alerts.receivers[${i}].url_file: cannot read ${r.url_file}: ${readFailure(error)}`);
        return;
      }
      if (!url || !/^https?:\/\/\S+$/.test(url)) {
        problems.push(`alerts.receivers[${i}].url_file: the first line of ${r.url_file} is not an http(s) URL`);
        return;
      }
    }
    if (url !== undefined) targets.set(r.name, { name: r.name, type: r.type, url });
  });
  return { targets, problems };
}

/** Every secret of the alert config, read, with every problem found. */
export function resolveAlertSecrets(config: AlertsConfig): AlertSecrets {
  const receivers = resolveReceivers(config);
  const inbound = resolveInboundToken(config);
  return { receivers: receivers.targets, inboundToken: inbound.token, problems: [...receivers.problems, ...inbound.problems] };
}
