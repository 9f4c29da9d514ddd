import { z } from 'zod';
import { CIPHER_SUITES, CLIENT_AUTH_ALIASES, CLIENT_AUTH_TYPES, CONFIGURABLE_HEADERS, CURVES, parseGoDuration, TLS_VERSION_NAMES } from './go-names';

/**
 * The web configuration file's fields, as exporter-toolkit decodes them
 * (yaml.v2, strict: an unknown key is an error). A Go string field takes
 * any scalar's text and null as "", a bool null as false; absent fields get
 * exporter-toolkit's defaults.
 */

const text = z.union([z.string(), z.number().transform(String), z.boolean().transform(String), z.null().transform(() => '')], { error: 'must be a string' });
const flag = z
  .boolean({ error: 'must be true or false' })
  .nullable()
  .transform((value) => value ?? false);

const tlsVersion = text.pipe(z.enum(TLS_VERSION_NAMES, { error: 'must be TLS10, TLS11, TLS12 or TLS13' }));

const cipherSuite = text.refine((name) => Object.hasOwn(CIPHER_SUITES, name), {
  error: (issue) => `unknown cipher suite ${JSON.stringify(issue.input)} (Go's names of its secure suites, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)`,
});
const curve = text.refine((name) => Object.hasOwn(CURVES, name), {
  error: (issue) => `unknown curve ${JSON.stringify(issue.input)} (one of ${Object.keys(CURVES).join(', ')})`,
});
const clientAuthType = text
  .transform((name) => CLIENT_AUTH_ALIASES.get(name) ?? name)
  .pipe(z.enum(['', ...CLIENT_AUTH_TYPES], { error: `must be one of ${CLIENT_AUTH_TYPES.join(', ')}` }));

/** Go's time.Duration in YAML: a duration string ("1s", "500ms") or a number of nanoseconds. */
const goDuration = z.union([z.number(), z.string(), z.null()], { error: 'must be a duration like 1s or 500ms' }).transform((value, ctx) => {
  const ms = value === null ? 0 : typeof value === 'number' ? (Number.isInteger(value) && value >= 0 ? value / 1e6 : null) : parseGoDuration(value);
  if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be a duration like 1s or 500ms' });
  return ms ?? 0;
});

/** tls_server_config alone: its files are checked even when another part of the file is wrong. */
export const tlsServerConfig = z.strictObject({
  cert: text.default(''),
  key: text.default(''),
  client_ca: text.default(''),
  cert_file: text.default(''),
  key_file: text.default(''),
  client_auth_type: clientAuthType.default(''),
  client_ca_file: text.default(''),
  cipher_suites: z
    .array(cipherSuite, { error: 'must be a list of cipher suite names' })
    .nullable()
    .transform((value) => value ?? [])
    .default([]),
  curve_preferences: z
    .array(curve, { error: 'must be a list of curve names' })
    .nullable()
    .transform((value) => value ?? [])
    .default([]),
  min_version: tlsVersion.default('TLS12'),
  max_version: tlsVersion.default('TLS13'),
  prefer_server_cipher_suites: flag.default(true),
  /** Absent (null): no SAN check; a list, even an empty one: the client certificate must carry one of them (as in Go). */
  client_allowed_sans: z.array(text, { error: 'must be a list of strings' }).nullable().default(null),
});

const headers = z.record(z.string(), text, { error: 'must be a mapping of header names to values' }).superRefine((values, ctx) => {
  for (const [name, value] of Object.entries(values)) {
    if (!Object.hasOwn(CONFIGURABLE_HEADERS, name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `cannot be set (the headers that can: ${Object.keys(CONFIGURABLE_HEADERS).join(', ')})` });
      continue;
    }
    const allowed = CONFIGURABLE_HEADERS[name];
    if (allowed && !allowed.includes(value))
      ctx.addIssue({ code: 'custom', path: [name], message: `must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')} (got ${JSON.stringify(value)})` });
  }
});

const httpServerConfig = z.strictObject({
  /** Accepted for compatibility; fleetscope speaks HTTP/1.1 (docs/security.md). */
  http2: flag.default(true),
  headers: section(headers),
});

const BCRYPT = /^\$2([a-z]?)\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** What is wrong with a bcrypt hash, in words that do not repeat it (it is a secret); null when fleetscope can check passwords against it. */
export function bcryptProblem(hash: string): string | null {
  const match = BCRYPT.exec(hash);
  if (!match) return 'is not a bcrypt hash (make one with: htpasswd -nBC 10 "" | tr -d \':\\n\')';
  const [, variant = '', cost = ''] = match;
  if (!['a', 'b', 'y'].includes(variant))
    return `is a bcrypt hash of variant $2${variant}$, which fleetscope cannot check (use $2y$, $2b$ or $2a$: htpasswd -nBC 10)`;
  if (Number(cost) < 4 || Number(cost) > 31) return `has bcrypt cost ${Number(cost)}, outside 4 to 31`;
  return null;
}

const users = z.record(z.string(), text, { error: 'must be a mapping of user names to bcrypt hashes' }).superRefine((values, ctx) => {
  for (const [user, hash] of Object.entries(values)) {
    const problem = bcryptProblem(hash);
    if (problem) ctx.addIssue({ code: 'custom', path: [user], message: problem });
  }
});

const rateLimit = z.strictObject({
  interval: goDuration.default(0),
  burst: z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .nonnegative({ error: 'must be 0 or more' })
    .nullable()
    .transform((value) => value ?? 0)
    .default(0),
});

/** A section that may be absent or written but left empty (`tls_server_config:`): its defaults. */
export function section<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? {}, schema);
}

/** The whole file; an empty file (or one of comments only) is `{}`: no TLS, no users, no headers. */
export const webConfigDocument = z.strictObject(
  {
    tls_server_config: section(tlsServerConfig),
    http_server_config: section(httpServerConfig),
    basic_auth_users: section(users),
    rate_limit: section(rateLimit),
  },
  { error: 'must be a mapping (tls_server_config, http_server_config, basic_auth_users, rate_limit)' },
);
export type WebConfigDocument = z.output<typeof webConfigDocument>;
export type TlsServerConfigDocument = WebConfigDocument['tls_server_config'];
