import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatPath, zodProblems } from '../config/load';
import { readFailure } from '../read-failure';
import { tokensFileDocument, type AuthConfig, type TokenEntry } from '../config/schema/auth';

export type TokensRead = { ok: true; tokens: readonly TokenEntry[] } | { ok: false; problems: string[] };

/** The tokens file's entries; an empty file is an empty list (every token of the file revoked). */
function readTokensFile(file: string): TokensRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`auth.tokensFile: cannot read ${file}: ${readFailure(error)}`] };
  }
  let document: unknown;
  try {
    document = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    return { ok: false, problems: [`auth.tokensFile: ${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = tokensFileDocument.safeParse(document ?? [], { reportInput: true });
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, tokensFileDocument).map((p) => `auth.tokensFile (${file}): ${p}`) };
  return { ok: true, tokens: parsed.data };
}

/**
 * Every bearer token: auth.tokens and the entries of auth.tokensFile. A
 * name is one token: the audit log and the revocation of open websockets
 * go by it, so a name used twice is a problem.
 */
export function readTokens(auth: Pick<AuthConfig, 'tokens' | 'tokensFile'>): TokensRead {
  const fromFile = auth.tokensFile === undefined ? { ok: true as const, tokens: [] } : readTokensFile(auth.tokensFile);
  if (!fromFile.ok) return fromFile;
  const places = new Map<string, string>();
  const problems: string[] = [];
  const all = [
    ...auth.tokens.map((t, i) => ({ t, at: formatPath(['auth', 'tokens', i]) })),
    ...fromFile.tokens.map((t, i) => ({ t, at: `${auth.tokensFile} [${i}]` })),
  ];
  for (const { t, at } of all) {
    const first = places.get(t.name);
    if (first !== undefined) problems.push(`${at}: the token name "${t.name}" is already used (${first}); each token needs its own name`);
    else places.set(t.name, at);
  }
  return problems.length ? { ok: false, problems } : { ok: true, tokens: all.map((x) => x.t) };
}
