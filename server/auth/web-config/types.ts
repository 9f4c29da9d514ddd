import type { ClientAuthType, TlsVersionName } from './go-names';

/**
 * The Prometheus web configuration file (exporter-toolkit's format, as
 * Prometheus' and Alertmanager's --web.config.file read it), read and
 * checked: every file it names has been read and holds what it should. A
 * value of this type is always usable as it is; docs/security.md says what
 * each field does in fleetscope.
 */
export interface WebConfig {
  /** The file it was read from (absolute path). */
  readonly file: string;
  /** Null: plain HTTP (the file has no tls_server_config, or an empty one). */
  readonly tls: TlsServerSettings | null;
  /** http_server_config.headers: set on every answer. Names and values are among those exporter-toolkit allows. */
  readonly headers: Readonly<Record<string, string>>;
  /** basic_auth_users: user name → bcrypt hash (checked to be one). Empty: the file asks for no basic auth. */
  readonly users: ReadonlyMap<string, string>;
  /** rate_limit: a token bucket over every HTTP request; null when absent or its interval is 0. */
  readonly rateLimit: RateLimitSettings | null;
}

/** tls_server_config, with the certificate, key and client CAs read from their files (or inline). */
export interface TlsServerSettings {
  /** The serving certificate (with its chain), PEM. */
  readonly certPem: string;
  /** Its private key, PEM. A secret: never logged. */
  readonly keyPem: string;
  /** CA certificates client certificates are verified against, PEM; null: Node's default roots. */
  readonly clientCaPem: string | null;
  readonly clientAuth: ClientAuthType;
  /** A client certificate must carry one of these SANs (DNS, IP, e-mail or URI, exact match); null: any. */
  readonly clientAllowedSans: readonly string[] | null;
  readonly minVersion: TlsVersionName;
  readonly maxVersion: TlsVersionName;
  /** Go names of the TLS 1.0–1.2 cipher suites allowed (TLS 1.3's are always on); empty: Node's defaults. */
  readonly cipherSuites: readonly string[];
  /** Go names of the elliptic curves, in preference order; empty: Node's defaults. */
  readonly curvePreferences: readonly string[];
  readonly preferServerCipherSuites: boolean;
}

export interface RateLimitSettings {
  /** One request is allowed every this many milliseconds, on average. */
  readonly intervalMs: number;
  /** Requests allowed at once above that rate (0: none at all, as in exporter-toolkit). */
  readonly burst: number;
}

/**
 * One thing wrong with the file, naming the field (`tls_server_config.cert_file`)
 * and, where it is about a file, that file. The message never holds a secret
 * (a key, a hash).
 */
export interface WebConfigProblem {
  /** The field's path in the file; empty for the file as a whole (it cannot be read, it is not YAML). */
  readonly field: string;
  readonly message: string;
  /** The file the problem is about, when it is not the web configuration file itself. */
  readonly file?: string;
}

/** The form the log, the command and check-config print: `web config tls_server_config.cert_file: no such file /x/y.crt`. */
export function formatWebConfigProblem(problem: WebConfigProblem): string {
  return `web config${problem.field ? ` ${problem.field}` : ''}: ${problem.message}${problem.file === undefined ? '' : ` ${problem.file}`}`;
}
