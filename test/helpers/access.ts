import http from 'node:http';
import WebSocket from 'ws';
import { messageText } from './ws-client';

/** A body read as JSON, as fetch's `response.json()` gives it. */
type Json = ReturnType<typeof JSON.parse>;

/** An answer as a client sees it. */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: Json;
}

export interface RawRequest {
  method?: string;
  /** A list sends the header once per value (as oauth2-proxy sends X-Forwarded-Groups). */
  headers?: Record<string, string | string[]>;
  body?: string;
  /** The local address to connect from (127.0.0.2, …: every 127/8 address is this machine's loopback). */
  localAddress?: string;
}

function parse(text: string): Json {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One HTTP request with full control of its headers (Host included, which
 * fetch does not let a caller set) and of the address it comes from.
 */
export function request(url: string, options: RawRequest = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A websocket upgrade: the open socket with the messages it receives, or the HTTP answer that refused it. */
export type Upgrade =
  | { kind: 'open'; socket: WebSocket; messages: Json[]; closed: Promise<{ code: number; reason: string }> }
  | { kind: 'refused'; status: number; headers: http.IncomingHttpHeaders; text: string; json: Json };

export function upgrade(url: string, options: Omit<RawRequest, 'method' | 'body'> = {}): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: options.headers, localAddress: options.localAddress });
    const messages: Json[] = [];
    socket.on('message', (data) => messages.push(parse(messageText(data))));
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.once('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.once('open', () => resolve({ kind: 'open', socket, messages, closed }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ kind: 'refused', status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
      });
    });
    socket.once('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}
