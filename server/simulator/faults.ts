import type http from 'node:http';

/**
 * What a simulated cluster does wrong right now. `delayMs` holds every answer
 * back; `garbage` answers 200 with bytes no client can parse; `truncated`
 * promises a full body and hangs up halfway.
 */
export interface SimFaults {
  delayMs: number;
  response: 'ok' | 'garbage' | 'truncated';
  /** Which endpoint misbehaves. */
  target: 'both' | 'prometheus' | 'kubernetes';
}

export const NO_FAULTS: SimFaults = Object.freeze({ delayMs: 0, response: 'ok', target: 'both' });

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const GARBAGE = '<html><body>502 Bad Gateway</body></html>\n\u0000\u0001\u0002 {"kind": [not json\n';

/** The faults that apply to `endpoint` right now. */
export function faultsFor(faults: SimFaults, endpoint: 'prometheus' | 'kubernetes'): SimFaults {
  return faults.target === 'both' || faults.target === endpoint ? faults : NO_FAULTS;
}

/**
 * Answers `body` with its status and headers; when `truncate`, it promises the
 * whole body (Content-Length) but sends half of it and hangs up, as a proxy or
 * server dying mid-answer does.
 */
export function sendBody(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: string | Buffer, truncate: boolean): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'content-length': bytes.length });
  if (!truncate) {
    res.end(bytes);
    return;
  }
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}

/**
 * Wraps the handler of `endpoint` so the current delay and garbage apply to
 * it. Truncation is left to the handler (it cuts its real answer; see sendBody).
 */
export function withFaults(faults: () => SimFaults, endpoint: 'prometheus' | 'kubernetes', handler: Handler): Handler {
  return (req, res) => {
    const current = faultsFor(faults(), endpoint);
    const run = () => {
      if (res.destroyed) return;
      if (current.response === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(GARBAGE);
      } else handler(req, res);
    };
    if (current.delayMs > 0) {
      const timer = setTimeout(run, current.delayMs);
      req.on('close', () => clearTimeout(timer));
    } else run();
  };
}
