import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster, User } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { mergeKubeconfig, type KubeconfigEntry } from './kubeconfig-merge';
import { errorCode } from './read-failure';
import { kubeconfigPaths, loadMergedKubeconfig } from './sources/kube/kubeconfig';

export interface KubeconfigCommandOptions {
  /** `add`. */
  action: string | undefined;
  name: string | undefined;
  server: string | undefined;
  caFile: string | undefined;
  tokenFile: string | undefined;
  fromContext: string | undefined;
  /** Source kubeconfig of --from-context (default: KUBECONFIG, then ~/.kube/config). */
  kubeconfig: string | undefined;
  output: string | undefined;
  env: NodeJS.ProcessEnv;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const USAGE = `usage: fleetscope kubeconfig add --name NAME --server URL --ca-file FILE --token-file FILE --output FILE
       fleetscope kubeconfig add --from-context CONTEXT [--kubeconfig SOURCE] [--name NAME] [--token-file FILE] --output FILE`;

type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A file's content; "no such file" naming it when it is missing. */
function readText(flag: string, file: string): Read<string> {
  try {
    return { ok: true, value: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return { ok: false, problem: `${flag}: no such file: ${file}` };
    if (code === 'EISDIR') return { ok: false, problem: `${flag}: ${file} is a folder, not a file` };
    return { ok: false, problem: `${flag}: cannot read ${file} (${error instanceof Error ? error.message : String(error)})` };
  }
}

function readCertificate(flag: string, file: string): Read<string> {
  const text = readText(flag, file);
  if (!text.ok) return text;
  if (!text.value.includes('-----BEGIN CERTIFICATE-----'))
    return { ok: false, problem: `${flag}: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  return { ok: true, value: Buffer.from(text.value).toString('base64') };
}

function readToken(flag: string, file: string): Read<string> {
  const text = readText(flag, file);
  if (!text.ok) return text;
  const token = text.value.trim();
  if (!token) return { ok: false, problem: `${flag}: ${file} is empty` };
  if (/\s/.test(token)) return { ok: false, problem: `${flag}: ${file} holds more than one word; a bearer token is one` };
  return { ok: true, value: token };
}

function checkServer(server: string): Read<string> {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return { ok: false, problem: `--server: not a URL: ${JSON.stringify(server)} (e.g. https://api.prod-eu.example.com:6443)` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: `--server: must be an https:// URL (got ${JSON.stringify(server)})` };
  if (url.username || url.password) return { ok: false, problem: '--server: must not hold credentials; give them with --token-file' };
  return { ok: true, value: server.replace(/\/+$/, '') };
}

/** The entry from --server, --ca-file and --token-file. */
function entryFromFlags(options: KubeconfigCommandOptions, name: string): Read<KubeconfigEntry> {
  const problems: string[] = [];
  for (const [flag, value] of [
    ['--server', options.server],
    ['--ca-file', options.caFile],
    ['--token-file', options.tokenFile],
  ] as const)
    if (value === undefined) problems.push(`${flag}: is required (or give --from-context)`);
  if (problems.length) return { ok: false, problem: problems.join('\n') };
  const server = checkServer(options.server ?? '');
  const ca = readCertificate('--ca-file', options.caFile ?? '');
  const token = readToken('--token-file', options.tokenFile ?? '');
  if (!server.ok || !ca.ok || !token.ok) return { ok: false, problem: [server, ca, token].flatMap((r) => (r.ok ? [] : [r.problem])).join('\n') };
  return { ok: true, value: { name, cluster: { server: server.value, 'certificate-authority-data': ca.value }, user: { token: token.value } } };
}

/** A file a kubeconfig names, inlined as base64 (client-node has made its path absolute). */
function inline(what: string, file: string | undefined, data: string | undefined): Read<string | undefined> {
  if (data) return { ok: true, value: data };
  if (!file) return { ok: true, value: undefined };
  const text = readText(what, file);
  return text.ok ? { ok: true, value: Buffer.from(text.value).toString('base64') } : text;
}

function clusterFields(cluster: Cluster, what: string): Read<Record<string, unknown>> {
  const ca = inline(`${what} certificate-authority`, cluster.caFile, cluster.caData);
  if (!ca.ok) return ca;
  return {
    ok: true,
    value: {
      server: cluster.server,
      ...(ca.value ? { 'certificate-authority-data': ca.value } : {}),
      ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
      ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
    },
  };
}

function userFields(user: User, what: string): Read<Record<string, unknown>> {
  const cert = inline(`${what} client-certificate`, user.certFile, user.certData);
  const key = inline(`${what} client-key`, user.keyFile, user.keyData);
  if (!cert.ok) return cert;
  if (!key.ok) return key;
  // client-node types the plugin settings as any: they are copied as they were written.
  const exec: unknown = user.exec;
  const authProvider: unknown = user.authProvider;
  return {
    ok: true,
    value: {
      ...(user.token ? { token: user.token.trim() } : {}),
      ...(cert.value ? { 'client-certificate-data': cert.value } : {}),
      ...(key.value ? { 'client-key-data': key.value } : {}),
      ...(exec ? { exec } : {}),
      ...(authProvider ? { 'auth-provider': authProvider } : {}),
      ...(user.username ? { username: user.username } : {}),
      ...(user.password ? { password: user.password } : {}),
    },
  };
}

/** The entry copied from a context of an existing kubeconfig: its cluster and CA, and its credentials unless --token-file replaces them. */
function entryFromContext(options: KubeconfigCommandOptions, contextName: string): Read<{ entry: KubeconfigEntry; notes: string[] }> {
  if (options.server !== undefined || options.caFile !== undefined)
    return { ok: false, problem: '--from-context takes the server and CA from the context: leave out --server and --ca-file' };
  const paths = kubeconfigPaths(options.kubeconfig, options.env);
  for (const file of paths) if (options.kubeconfig !== undefined && !existsSync(file)) return { ok: false, problem: `--kubeconfig: no such file: ${file}` };
  const merged = loadMergedKubeconfig(paths);
  if (!merged.ok) return merged;
  const kc = merged.value;
  const where = paths.join(path.delimiter);
  const context = kc.getContextObject(contextName);
  if (!context) {
    const known = kc.getContexts().map((c) => c.name);
    return { ok: false, problem: `--from-context: no context "${contextName}" in ${where}; the contexts there: ${known.join(', ') || 'none'}` };
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) return { ok: false, problem: `--from-context: context "${contextName}" names cluster "${context.cluster}", which ${where} does not define` };
  const clusterEntry = clusterFields(cluster, `context ${contextName}:`);
  if (!clusterEntry.ok) return clusterEntry;
  const name = options.name ?? contextName;
  const notes: string[] = [];
  let user: Record<string, unknown>;
  if (options.tokenFile !== undefined) {
    const token = readToken('--token-file', options.tokenFile);
    if (!token.ok) return token;
    user = { token: token.value };
  } else {
    const found = context.user ? kc.getUser(context.user) : null;
    const fields = found ? userFields(found, `context ${contextName}:`) : { ok: true as const, value: {} };
    if (!fields.ok) return fields;
    user = fields.value;
    notes.push(
      `copied the credentials of user "${context.user ?? ''}" of context "${contextName}": the hub will act as that user. For least privilege, give --token-file with a token of the spoke's fleetscope-hub ServiceAccount.`,
    );
    if (user.exec || user['auth-provider']) notes.push(`user "${context.user ?? ''}" runs a credential plugin: the hub's image must have it too.`);
  }
  return { ok: true, value: { entry: { name, cluster: clusterEntry.value, user }, notes } };
}

/** Writes the file through a temporary one beside it, so a reader never sees half of it; owner-only (0600), as it holds credentials. */
function writePrivate(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * `fleetscope kubeconfig add`: puts one self-contained context (server, CA
 * and token inline) into the kubeconfig `--output`, creating it or merging
 * (same-name entries replaced, others kept), for the hub's Secret. Exit code
 * 0, 2 for bad usage or input, 1 when the file cannot be written.
 */
export function runKubeconfigCommand(options: KubeconfigCommandOptions): number {
  const { out, err } = options;
  const fail = (problem: string, usage = false) => {
    err.write(`${problem}\n${usage ? `${USAGE}\n` : ''}`);
    return 2;
  };
  if (options.action !== 'add')
    return fail(options.action === undefined ? 'kubeconfig: which action?' : `kubeconfig: unknown action "${options.action}"`, true);
  if (options.output === undefined) return fail('--output: is required (the kubeconfig file to write, e.g. --output fleet.kubeconfig)', true);
  if (options.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/.test(options.name))
    return fail(`--name: ${JSON.stringify(options.name)} must be letters, digits and . _ @ : - (e.g. prod-eu)`);
  let entry: KubeconfigEntry;
  let notes: string[] = [];
  if (options.fromContext !== undefined) {
    const made = entryFromContext(options, options.fromContext);
    if (!made.ok) return fail(made.problem);
    ({ entry, notes } = made.value);
  } else {
    if (options.name === undefined) return fail('--name: is required (e.g. --name prod-eu), or give --from-context', true);
    const made = entryFromFlags(options, options.name);
    if (!made.ok) return fail(made.problem, true);
    entry = made.value;
  }
  const output = options.output;
  let existing: unknown = null;
  if (existsSync(output)) {
    const text = readText('--output', output);
    if (!text.ok) return fail(text.problem);
    try {
      existing = parse(text.value);
    } catch (error) {
      return fail(`--output: ${output} is not YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  const merged = mergeKubeconfig(existing, entry);
  if (!merged.ok) return fail(`--output: ${output} ${merged.problem}`);
  try {
    writePrivate(output, stringify(merged.document));
  } catch (error) {
    err.write(`--output: cannot write ${output} (${error instanceof Error ? error.message : String(error)})\n`);
    return 1;
  }
  for (const note of notes) err.write(`note: ${note}\n`);
  out.write(
    `${existing === null ? 'wrote' : 'updated'} ${output}: context "${entry.name}" (${String(entry.cluster.server)}); ${merged.contexts.length} context(s): ${merged.contexts.join(', ')}\n`,
  );
  return 0;
}
