import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../store/faults';

/**
 * The error answer of every route: what went wrong, as a sentence, and the
 * particulars. Never a stack trace or a file path. docs/api.md ("Errors").
 */
export interface ErrorBody {
  error: string;
  detail: string;
  /** Set on 500: the id the server log has the details under. */
  requestId?: string;
}

/** Prometheus' error envelope, which its clients read on /api/v1 (with fleetscope's detail beside it). */
interface PrometheusErrorBody extends ErrorBody {
  status: 'error';
  errorType: string;
}

/** Paths whose clients are Prometheus API clients: errors keep Prometheus' envelope there. */
const PROMETHEUS_API = /^\/api\/v1(\/|$)/;

/** body-parser's errors by type: their status, the sentence, and whether its own message may be shown (fixed texts and the JSON parser's, about the body sent). */
const BODY_ERRORS: Readonly<Record<string, { status: number; error: string; ownMessage: boolean }>> = {
  'entity.parse.failed': { status: 400, error: 'the request body is not valid', ownMessage: true },
  'entity.too.large': { status: 413, error: 'the request body is too large', ownMessage: false },
  'parameters.too.many': { status: 413, error: 'the request body has too many parameters', ownMessage: true },
  'request.aborted': { status: 400, error: 'the request was aborted before its body was read', ownMessage: true },
  'request.size.invalid': { status: 400, error: 'the request body is not as long as its Content-Length', ownMessage: true },
  'charset.unsupported': { status: 415, error: 'the request body has an unsupported charset', ownMessage: true },
  'encoding.unsupported': { status: 415, error: 'the request body has an unsupported Content-Encoding', ownMessage: true },
};

const STATUS_SENTENCES: Readonly<Record<number, string>> = {
  400: 'bad request',
  401: 'not authorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  413: 'the request is too large',
  415: 'unsupported media type',
};

function field(error: unknown, name: string): unknown {
  return error !== null && typeof error === 'object' ? Reflect.get(error, name) : undefined;
}

/** The request's path from the root, inside a router too. */
function pathOf(req: Request): string {
  return req.baseUrl + req.path;
}

function sizeText(bytes: unknown): string {
  return typeof bytes === 'number' ? `${bytes} bytes` : 'its limit';
}

/** Sends an error answer: the Prometheus envelope on /api/v1, `{ error, detail }` everywhere else. */
export function sendError(req: Request, res: Response, status: number, body: ErrorBody): void {
  if (PROMETHEUS_API.test(pathOf(req))) {
    const envelope: PrometheusErrorBody = { status: 'error', errorType: status >= 500 ? (status === 503 ? 'unavailable' : 'internal') : 'bad_data', ...body };
    res.status(status).json(envelope);
  } else res.status(status).json(body);
}

/** What an error thrown in a route becomes: a known one with its own status, anything else a 500 logged under a request id. */
function answerFor(error: unknown): { status: number; body: ErrorBody } | null {
  if (error instanceof StoreUnavailableError)
    return { status: 503, body: { error: 'the store is not working', detail: `${error.message}; /readyz says the same, and the server log names the file` } };
  const type = field(error, 'type');
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known) {
    const message = field(error, 'message');
    const detail =
      type === 'entity.too.large'
        ? `this route takes a body of at most ${sizeText(field(error, 'limit'))}; this one has ${sizeText(field(error, 'length'))}`
        : known.ownMessage && typeof message === 'string'
          ? message
          : known.error;
    return { status: known.status, body: { error: known.error, detail } };
  }
  const status = field(error, 'status') ?? field(error, 'statusCode');
  // Other client errors (a path parameter that does not decode, a file not found): their status, with a sentence of ours.
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, body: { error: STATUS_SENTENCES[status] ?? 'bad request', detail: `the request could not be answered (HTTP ${status})` } };
  return null;
}

/**
 * The last error handler: every error a route throws or rejects with is
 * answered as JSON. An unexpected one is a 500 with a generic sentence and
 * a request id; its details (message, stack) go to the log only.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = answerFor(error);
    if (res.headersSent) {
      // Too late for an answer: the body is cut off so the client sees it failed.
      logger.error({ component: 'http', method: req.method, path: pathOf(req), err: error }, 'request failed after its answer started');
      res.destroy();
      return;
    }
    if (known) return void sendError(req, res, known.status, known.body);
    const requestId = randomUUID();
    logger.error({ component: 'http', requestId, method: req.method, path: pathOf(req), err: error }, 'request failed');
    sendError(req, res, 500, {
      error: 'internal error: the request could not be answered',
      detail: `the server log has the details under request id ${requestId}`,
      requestId,
    });
  };
}

/** After a route's handlers (`.all(onlyMethods('GET'))`): any other method is answered 405 with `Allow`; OPTIONS gets 204 with it. */
export function onlyMethods(...methods: string[]): RequestHandler {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  return (req, res) => {
    res.setHeader('allow', allow);
    if (req.method === 'OPTIONS') return void res.status(204).end();
    sendError(req, res, 405, { error: 'method not allowed', detail: `${req.method} is not answered on this path; it takes ${allow}` });
  };
}

/** The answer for a path no route has (under /api, or any method but GET elsewhere). */
export function notFound(error: string): RequestHandler {
  return (req, res) => sendError(req, res, 404, { error, detail: `no route answers ${req.method} ${pathOf(req)}` });
}
