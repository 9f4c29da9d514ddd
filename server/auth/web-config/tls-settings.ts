import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { TLS_VERSION_NAMES } from './go-names';
import type { InputReader } from './read-files';
import type { TlsServerConfigDocument } from './schema';
import { secureContextOptions } from './secure-context';
import type { TlsServerSettings, WebConfigProblem } from './types';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

interface Source {
  /** The field it came from (`tls_server_config.cert_file` or `tls_server_config.cert`). */
  field: string;
  /** The file, when it came from one. */
  file?: string;
  pem: string;
}

interface Context {
  doc: TlsServerConfigDocument;
  dir: string;
  reader: InputReader;
  problems: WebConfigProblem[];
}

/**
 * A PEM value from its `*_file` field (relative to the web configuration
 * file's folder, as exporter-toolkit reads it) or else its inline field;
 * null when neither is set or the file cannot be read (a problem then).
 */
function pemSource(context: Context, fileField: 'cert_file' | 'key_file' | 'client_ca_file', inlineField: 'cert' | 'key' | 'client_ca'): Source | null {
  const name = context.doc[fileField];
  if (name !== '') {
    const file = path.resolve(context.dir, name);
    const field = `tls_server_config.${fileField}`;
    const read = context.reader.readFile(file);
    if (!read.ok) {
      context.problems.push({ field, message: read.message, file });
      return null;
    }
    return { field, file, pem: read.bytes.toString('utf8') };
  }
  const inline = context.doc[inlineField];
  return inline === '' ? null : { field: `tls_server_config.${inlineField}`, pem: inline };
}

function certificateOrNull(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

function certificateOf(context: Context, source: Source): X509Certificate | null {
  const certificate = certificateOrNull(source.pem);
  if (!certificate) context.problems.push({ field: source.field, message: 'holds no PEM certificate', file: source.file });
  return certificate;
}

function keyOf(context: Context, source: Source): KeyObject | null {
  try {
    return createPrivateKey(source.pem);
  } catch {
    // Go cannot use an encrypted key either: there is no field for its passphrase.
    context.problems.push({ field: source.field, message: 'holds no PEM private key (or an encrypted one, which cannot be used)', file: source.file });
    return null;
  }
}

/** Whether the TLS part is there at all: any of its certificate, key or client-certificate fields set (exporter-toolkit's TLSConfig.IsEnabled). */
function tlsWanted(doc: TlsServerConfigDocument): boolean {
  return [doc.cert_file, doc.cert, doc.key_file, doc.key, doc.client_ca_file, doc.client_ca, doc.client_auth_type].some((value) => value !== '');
}

/**
 * tls_server_config checked and its files read: null settings for plain
 * HTTP; otherwise settings Node's TLS accepts as they are, or the problems,
 * each naming its field. Refused besides what exporter-toolkit refuses: what
 * would serve nobody (min_version above max_version, a client CA file with
 * no certificate in it) and client_allowed_sans that no client certificate
 * is asked for (Go ignores them there, which lets everyone in).
 */
export function readTlsSettings(
  doc: TlsServerConfigDocument,
  options: { dir: string; reader: InputReader },
): {
  settings: TlsServerSettings | null;
  problems: WebConfigProblem[];
} {
  if (!tlsWanted(doc)) return { settings: null, problems: [] };
  const context: Context = { doc, dir: options.dir, reader: options.reader, problems: [] };
  const { problems } = context;
  const certSource = pemSource(context, 'cert_file', 'cert');
  const keySource = pemSource(context, 'key_file', 'key');
  const caSource = pemSource(context, 'client_ca_file', 'client_ca');
  if (doc.cert_file === '' && doc.cert === '') problems.push({ field: 'tls_server_config.cert_file', message: 'is required to serve TLS (or cert, inline)' });
  if (doc.key_file === '' && doc.key === '') problems.push({ field: 'tls_server_config.key_file', message: 'is required to serve TLS (or key, inline)' });

  const clientAuth = doc.client_auth_type === '' ? 'NoClientCert' : doc.client_auth_type;
  if ((doc.client_ca_file !== '' || doc.client_ca !== '') && clientAuth === 'NoClientCert')
    problems.push({
      field: doc.client_ca_file !== '' ? 'tls_server_config.client_ca_file' : 'tls_server_config.client_ca',
      message: 'is set, but client_auth_type asks for no client certificate (set client_auth_type: RequireAndVerifyClientCert)',
    });
  if (doc.client_allowed_sans !== null && clientAuth === 'NoClientCert')
    problems.push({
      field: 'tls_server_config.client_allowed_sans',
      message: 'cannot be checked: client_auth_type asks for no client certificate (set client_auth_type: RequireAndVerifyClientCert)',
    });
  if (TLS_VERSION_NAMES.indexOf(doc.min_version) > TLS_VERSION_NAMES.indexOf(doc.max_version))
    problems.push({ field: 'tls_server_config.min_version', message: `${doc.min_version} is above max_version ${doc.max_version}: no client could connect` });

  const certificate = certSource && certificateOf(context, certSource);
  const key = keySource && keyOf(context, keySource);
  if (certificate && key && keySource && !certificate.checkPrivateKey(key))
    problems.push({
      field: keySource.field,
      message: `does not match the certificate in ${certSource.field.replace('tls_server_config.', '')}`,
      file: keySource.file,
    });
  if (caSource && (caSource.pem.match(PEM_CERTIFICATE) ?? []).every((pem) => certificateOrNull(pem) === null))
    problems.push({ field: caSource.field, message: 'holds no PEM certificate', file: caSource.file });
  if (problems.length > 0 || !certSource || !keySource) return { settings: null, problems };

  const settings: TlsServerSettings = {
    certPem: certSource.pem,
    keyPem: keySource.pem,
    clientCaPem: caSource?.pem ?? null,
    clientAuth,
    clientAllowedSans: doc.client_allowed_sans,
    minVersion: doc.min_version,
    maxVersion: doc.max_version,
    cipherSuites: doc.cipher_suites,
    curvePreferences: doc.curve_preferences,
    preferServerCipherSuites: doc.prefer_server_cipher_suites,
  };
  try {
    createSecureContext(secureContextOptions(settings));
  } catch (error) {
    return {
      settings: null,
      problems: [{ field: 'tls_server_config', message: `Node's TLS cannot use it: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  return { settings, problems: [] };
}
