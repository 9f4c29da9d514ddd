import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { describeIssue } from '../../config/load';
import { InputReader, type WebConfigInput } from './read-files';
import { section, tlsServerConfig, webConfigDocument, type TlsServerConfigDocument, type WebConfigDocument } from './schema';
import { readTlsSettings } from './tls-settings';
import type { WebConfig, WebConfigProblem } from './types';

/** One attempt at reading the web configuration file: the config, or every problem; and what was read, either way. */
export type WebConfigLoad = ({ ok: true; config: WebConfig } | { ok: false; problems: readonly WebConfigProblem[] }) & {
  /** The files read (the web configuration file first), to tell when to read again. */
  readonly inputs: readonly WebConfigInput[];
};

/**
 * The YAML as exporter-toolkit's decoder (yaml.v2) sees it: YAML 1.1
 * (yes/no are booleans), and a mapping's keys taken as written, so that a
 * user named `y` or `on` stays that user.
 */
function plain(node: unknown, doc: Document): unknown {
  if (isMap(node))
    return Object.fromEntries(
      node.items.map((pair) => [isScalar(pair.key) ? (pair.key.source ?? String(pair.key.value)) : String(pair.key), plain(pair.value, doc)]),
    );
  if (isSeq(node)) return node.items.map((item) => plain(item, doc));
  if (isScalar(node)) return node.value;
  if (isAlias(node)) return plain(node.resolve(doc), doc);
  return node ?? null;
}

function problemsOf(error: z.ZodError): WebConfigProblem[] {
  return error.issues
    .flatMap((issue) => describeIssue(issue, webConfigDocument))
    .map((issue) => ({ field: issue.path === '(root)' ? '' : issue.path, message: issue.message }));
}

/** The file's fields, or every problem; the TLS part, when it is right, comes with the problems of the rest so that its files are checked too. */
function parseText(text: string): { ok: true; document: WebConfigDocument } | { ok: false; problems: WebConfigProblem[]; tls?: TlsServerConfigDocument } {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: true });
  // Only the first line of the parser's message: the lines after it quote the file, which may hold hashes.
  if (doc.errors.length > 0)
    return {
      ok: false,
      problems: doc.errors.map((error) => ({ field: '', message: `not valid YAML: ${(error.message.split('\n', 1)[0] ?? '').replace(/:$/, '')}` })),
    };
  const document = plain(doc.contents, doc) ?? {};
  const parsed = webConfigDocument.safeParse(document, { reportInput: true });
  if (parsed.success) return { ok: true, document: parsed.data };
  const tls = section(tlsServerConfig).safeParse(typeof document === 'object' && 'tls_server_config' in document ? document.tls_server_config : undefined);
  return { ok: false, problems: problemsOf(parsed.error), ...(tls.success ? { tls: tls.data } : {}) };
}

function freeze(config: WebConfig): WebConfig {
  Object.freeze(config.headers);
  if (config.tls) Object.freeze(config.tls);
  if (config.rateLimit) Object.freeze(config.rateLimit);
  return Object.freeze(config);
}

/**
 * Reads the Prometheus web configuration file and every file it names, and
 * checks them: a WebConfig fleetscope can serve with as it is, or every
 * problem, each naming its field. Relative paths inside the file are read
 * from the file's folder, as exporter-toolkit reads them.
 */
export function loadWebConfig(file: string): WebConfigLoad {
  const absolute = path.resolve(file);
  const reader = new InputReader();
  const read = reader.readFile(absolute);
  if (!read.ok) return { ok: false, problems: [{ field: '', message: read.message, file: absolute }], inputs: reader.inputs() };
  const parsed = parseText(read.bytes.toString('utf8'));
  const dir = path.dirname(absolute);
  if (!parsed.ok) {
    const tlsProblems = parsed.tls ? readTlsSettings(parsed.tls, { dir, reader }).problems : [];
    return { ok: false, problems: [...tlsProblems, ...parsed.problems], inputs: reader.inputs() };
  }

  const { document } = parsed;
  const tls = readTlsSettings(document.tls_server_config, { dir, reader });
  if (tls.problems.length > 0) return { ok: false, problems: tls.problems, inputs: reader.inputs() };
  const { interval, burst } = document.rate_limit;
  const config = freeze({
    file: absolute,
    tls: tls.settings,
    // "Unset if blank", as exporter-toolkit's documentation has it.
    headers: Object.fromEntries(Object.entries(document.http_server_config.headers).filter(([, value]) => value !== '')),
    users: new Map(Object.entries(document.basic_auth_users)),
    rateLimit: interval > 0 ? { intervalMs: interval, burst } : null,
  });
  return { ok: true, config, inputs: reader.inputs() };
}
