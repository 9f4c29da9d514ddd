import type { ServerMessage } from '../../shared/protocol';

const TYPES = new Set(['hello', 'snapshot', 'delta', 'heartbeat', 'error']);

function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && TYPES.has(value.type);
}

/**
 * Parses one frame of /ws. The server is ours and speaks shared/protocol.ts,
 * so only the envelope is checked; a frame that is not JSON or of an unknown
 * type (a newer server) is ignored rather than breaking the page.
 */
export function parseServerMessage(text: string): ServerMessage | null {
  try {
    const value: unknown = JSON.parse(text);
    return isServerMessage(value) ? value : null;
  } catch {
    return null;
  }
}
