import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol';

/** A real websocket client that records every message the server sends. */
export async function connectWs(url: string): Promise<{ messages: ServerMessage[]; socket: WebSocket; close: () => void }> {
  const socket = new WebSocket(url);
  const messages: ServerMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(messageText(data)) as ServerMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { messages, socket, close: () => socket.close() };
}

/** A message's text: ws hands it over as one Buffer (its default binaryType), else as an ArrayBuffer or a fragmented message's Buffers. */
export function messageText(data: WebSocket.RawData): string {
  return (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
