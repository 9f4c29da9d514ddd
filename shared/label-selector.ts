/**
 * Kubernetes label selectors, read as the API server and `kubectl get -l`
 * read them (k8s.io/apimachinery/pkg/labels/selector.go): `env=prod`,
 * `env==prod`, `env!=prod`, `env in (prod,qa)`, `env notin (dev)`, `canary`
 * (the label exists), `!canary` (it does not), `replicas>2`, `replicas<5`;
 * requirements joined by commas, all of which must hold; blanks between the
 * parts ignored. Keys are qualified names with an optional DNS prefix
 * (`example.com/tier`), values Kubernetes label values. The one grammar the
 * report API's `?selector=`, `fleetscope report --selector`, the wall's
 * `clusters=` and the simulator's `labelSelector` read. Pure.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */

/**
 * One requirement. `in`/`notin` values are distinct and sorted (a set, as
 * Kubernetes keeps them; `()` is the one empty value); `>`/`<` values are
 * decimal integers. Keys and values satisfy Kubernetes' rules.
 */
export type LabelRequirement =
  | { readonly key: string; readonly op: '=' | '==' | '!='; readonly value: string }
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' | '!' }
  | { readonly key: string; readonly op: '>' | '<'; readonly value: string };

/** Requirements that must all hold; empty selects everything. */
export type LabelSelector = readonly LabelRequirement[];

/** A selector, or a sentence naming the column and the requirement that could not be read. */
export type LabelSelectorResult = { ok: true; selector: LabelSelector } | { ok: false; message: string };

type TokenKind = 'key' | 'in' | 'notin' | '=' | '==' | '!=' | '!' | '(' | ')' | ',' | '>' | '<' | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset in the selector's text. */
  readonly at: number;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const BLANK = new Set([' ', '\t', '\r', '\n']);
const isSpecial = (c: string): c is '=' | '!' | '(' | ')' | ',' | '>' | '<' => SPECIAL.has(c);

/** Anything between blanks and special characters is one word, as in Kubernetes' lexer; the rules on keys and values come after. */
function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && BLANK.has(text.charAt(i))) i++;
    if (i >= text.length) {
      tokens.push({ kind: 'end', text: '', at: i });
      return tokens;
    }
    const c = text.charAt(i);
    if (isSpecial(c)) {
      const two = text.slice(i, i + 2);
      const kind = two === '==' || two === '!=' ? two : c;
      tokens.push({ kind, text: kind, at: i });
      i += kind.length;
      continue;
    }
    const start = i;
    while (i < text.length && !BLANK.has(text.charAt(i)) && !SPECIAL.has(text.charAt(i))) i++;
    const word = text.slice(start, i);
    tokens.push({ kind: word === 'in' || word === 'notin' ? word : 'key', text: word, at: start });
  }
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const INTEGER = /^[+-]?[0-9]+$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Why `key` is not a Kubernetes qualified name (`[prefix/]name`); null when it is one. */
function keyProblem(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return 'a label key is a name with an optional DNS prefix and one "/" (e.g. example.com/tier)';
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') return 'the prefix before "/" must not be empty';
    if (prefix.length > 253) return 'the prefix must be no more than 253 characters';
    if (!DNS_SUBDOMAIN.test(prefix))
      return 'the prefix must be a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. example.com)';
  }
  if (name === '') return 'the name must not be empty';
  if (name.length > 63) return 'the name must be no more than 63 characters';
  if (!NAME.test(name)) return 'the name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit (e.g. tier, app.kubernetes.io)';
  return null;
}

/** Why `value` is not a Kubernetes label value; null when it is one. */
function valueProblem(value: string): string | null {
  if (value.length > 63) return 'a label value must be no more than 63 characters';
  if (!VALUE.test(value)) return 'a label value is empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return null;
}

/** Go's strconv.ParseInt(text, 10, 64), which Kubernetes compares `>` and `<` with; null when it fails. */
function int64(text: string): bigint | null {
  if (!INTEGER.test(text)) return null;
  const n = BigInt(text);
  return n > INT64_MAX || n < INT64_MIN ? null : n;
}

/** Thrown inside the parser only, caught by parseLabelSelector: a failed parse is data outside it. */
class SelectorSyntaxError extends Error {}

class Parser {
  private index = 0;
  /** Where the requirement being read starts, to quote it in a message. */
  private termAt = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  /** In a value's place `in` and `notin` are plain words (`mode=in`), as in Kubernetes' parser. */
  private peek(asValue = true): Token {
    const token = this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
    return asValue && (token.kind === 'in' || token.kind === 'notin') ? { ...token, kind: 'key' } : token;
  }

  private next(asValue = true): Token {
    const token = this.peek(asValue);
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  /** A token out of place: what was expected there and what was found. */
  private fail(token: Token, expected: string): never {
    this.invalid(token, `${expected}, found ${token.kind === 'end' ? 'the end' : `"${token.text}"`}`);
  }

  /** A token in its place that breaks Kubernetes' rules on keys and values. */
  private invalid(token: Token, why: string): never {
    const term = this.text.slice(this.termAt, token.at + token.text.length).trim();
    throw new SelectorSyntaxError(`column ${token.at + 1}${term ? ` of "${term}"` : ''}: ${why}`);
  }

  selector(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const start = this.peek();
      if (start.kind === 'end') return requirements;
      if (start.kind !== 'key' && start.kind !== '!') this.fail(start, 'expected a label key or "!"');
      this.termAt = start.at;
      requirements.push(this.requirement());
      const after = this.next();
      if (after.kind === 'end') return requirements;
      if (after.kind !== ',') this.fail(after, 'expected "," or the end');
      const following = this.peek();
      this.termAt = following.at;
      if (following.kind !== 'key' && following.kind !== '!') this.fail(following, 'expected a label key or "!" after ","');
    }
  }

  private requirement(): LabelRequirement {
    let token = this.next();
    const absent = token.kind === '!';
    if (absent) token = this.next();
    if (token.kind !== 'key') this.fail(token, 'expected a label key');
    const key = token.text;
    const problem = keyProblem(key);
    if (problem) this.invalid(token, `label key "${key}": ${problem}`);
    if (absent) return { key, op: '!' };
    const ahead = this.peek();
    if (ahead.kind === 'end' || ahead.kind === ',') return { key, op: 'exists' };
    const op = this.next(false);
    switch (op.kind) {
      case 'in':
      case 'notin':
        return { key, op: op.kind, values: this.setValues() };
      case '=':
      case '==':
      case '!=':
        return { key, op: op.kind, value: this.exactValue() };
      case '>':
      case '<': {
        const at = this.peek();
        const value = this.exactValue();
        if (int64(value) === null) this.invalid(at, `"${op.kind}" compares with an integer (got "${value}")`);
        return { key, op: op.kind, value };
      }
      default:
        return this.fail(op, 'expected one of in, notin, =, ==, !=, >, <');
    }
  }

  private value(token: Token): string {
    const problem = valueProblem(token.text);
    if (problem) this.invalid(token, `value "${token.text}": ${problem}`);
    return token.text;
  }

  /** The value after `=`, `==`, `!=`, `>` or `<`; nothing before a comma or the end is the empty value. */
  private exactValue(): string {
    const ahead = this.peek();
    if (ahead.kind === 'end' || ahead.kind === ',') return '';
    const token = this.next();
    if (token.kind !== 'key') this.fail(token, 'expected a value');
    return this.value(token);
  }

  /** `(a,b)`; an empty place in the list (`()`, `(a,)`, `(,a)`, `(a,,b)`) is the empty value, as in Kubernetes. */
  private setValues(): string[] {
    const open = this.next();
    if (open.kind !== '(') this.fail(open, 'expected "("');
    const values = new Set<string>();
    let expectValue = true;
    for (;;) {
      const token = this.next();
      if (token.kind === ')') {
        if (expectValue) values.add('');
        return [...values].sort();
      }
      if (token.kind === ',') {
        if (expectValue) values.add('');
        expectValue = true;
      } else if (token.kind === 'key' && expectValue) {
        values.add(this.value(token));
        expectValue = false;
      } else this.fail(token, expectValue ? 'expected a value, "," or ")"' : 'expected "," or ")"');
    }
  }
}

/** Parses a selector as Kubernetes does: it accepts and refuses the same texts; the empty text selects everything. */
export function parseLabelSelector(text: string): LabelSelectorResult {
  try {
    return { ok: true, selector: new Parser(text, lex(text)).selector() };
  } catch (error) {
    if (error instanceof SelectorSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

function formatRequirement(r: LabelRequirement): string {
  switch (r.op) {
    case 'in':
    case 'notin':
      return `${r.key} ${r.op} (${r.values.join(',')})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    default:
      return `${r.key}${r.op}${r.value}`;
  }
}

/** The text parseLabelSelector reads back, written as Kubernetes writes it (`env in (prod,qa),!canary`). */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.map(formatRequirement).join(',');
}

function holds(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case '=':
    case '==':
      return value === r.value;
    case '!=':
      return value !== r.value;
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case '>':
    case '<': {
      const actual = value === undefined ? null : int64(value);
      const bound = int64(r.value);
      if (actual === null || bound === null) return false;
      return r.op === '>' ? actual > bound : actual < bound;
    }
  }
}

/**
 * Whether the labels satisfy every requirement. As in Kubernetes, `!=` and
 * `notin` hold for a label that is absent, `=` and `in` need it present, and
 * `>`/`<` need a label whose value is an integer.
 */
export function labelSelectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every((r) => holds(r, labels));
}
