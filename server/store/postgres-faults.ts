import type { StoreFault } from './faults';

/**
 * PostgreSQL's connection URL without its password, for log lines and
 * messages: `postgres://user@host:port/db`.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://(a URL that does not parse)';
  }
}

/** node:net codes of a connection that cannot be made or was lost. */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATE classes and codes that say the server or the connection fails,
 * not the statement: 08 connection exception, 57P0x shut down or cannot
 * connect now, 53 insufficient resources, 58 system error, 28 refused
 * credentials, 3D000 no such database, 57014 a statement cancelled by the
 * statement timeout.
 */
const SERVER_STATES = /^(08|53|58|28|57P0|3D000|57014)/;

/** Messages of node-postgres itself for a lost or timed-out connection (they carry no code). */
const CLIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client was closed|Client has encountered a connection error|connection timeout/i;

function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/**
 * A failure of PostgreSQL or of the way to it, as a fault (`unreachable`,
 * fleetscope reconnects); null for a statement's own error (a constraint, a
 * bug), which passes unchanged. The message names no URL or password.
 */
export function postgresFault(error: unknown): StoreFault | null {
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (NET_CODES.has(code)) return { problem: 'unreachable', message: `PostgreSQL cannot be reached (${code})` };
  if (SERVER_STATES.test(code)) return { problem: 'unreachable', message: `PostgreSQL refuses or lost the connection (SQLSTATE ${code}: ${text})` };
  if (CLIENT_MESSAGES.test(text)) return { problem: 'unreachable', message: `PostgreSQL cannot be reached (${text})` };
  return null;
}
