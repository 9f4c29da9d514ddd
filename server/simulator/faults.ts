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

/** Wraps the handler of `endpoint` so the current faults apply to it; `truncatedBody` is what a cut-off answer starts with. */
export function withFaults(
  faults: () => SimFaults,
  endpoint: 'prometheus' | 'kubernetes',
  handler: Handler,
  truncatedBody: (req: http.IncomingMessage) => { contentType: string; body: string },
): Handler {
  return (req, res) => {
    const set = faults();
    const current = set.target === 'both' || set.target === endpoint ? set : NO_FAULTS;
    const run = () => {
      if (res.destroyed) return;
      if (current.response === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(GARBAGE);
      } else if (current.response === 'truncated') {
        const { contentType, body } = truncatedBody(req);
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) * 2 });
        res.write(body, () => res.destroy());
      } else handler(req, res);
    };
    if (current.delayMs > 0) {
      const timer = setTimeout(run, current.delayMs);
      req.on('close', () => clearTimeout(timer));
    } else run();
  };
}
