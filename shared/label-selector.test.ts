import { describe, expect, it } from 'vitest';
import { formatLabelSelector, labelSelectorMatches, parseLabelSelector, type LabelSelector } from './label-selector';

function selector(text: string): LabelSelector {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.selector;
}

function problem(text: string): string {
  const parsed = parseLabelSelector(text);
  return parsed.ok ? '' : parsed.message;
}

/** Which of these objects' labels the selector picks, by name. */
function picks(text: string, objects: Record<string, Record<string, string>>): string[] {
  const parsed = selector(text);
  return Object.keys(objects).filter((name) => labelSelectorMatches(parsed, objects[name]!));
}

describe('the examples of the Kubernetes labels documentation', () => {
  // https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
  const objects = {
    prodFront: { environment: 'production', tier: 'frontend' },
    prodBack: { environment: 'production', tier: 'backend', partition: 'customerA' },
    qaCache: { environment: 'qa', tier: 'cache', partition: 'customerB' },
    dev: { environment: 'dev' },
    bare: {},
  };

  it('equality-based requirements', () => {
    expect(picks('environment = production', objects)).toEqual(['prodFront', 'prodBack']);
    expect(picks('environment == production', objects)).toEqual(['prodFront', 'prodBack']);
    // "!=" also selects the objects without the label.
    expect(picks('tier != frontend', objects)).toEqual(['prodBack', 'qaCache', 'dev', 'bare']);
    expect(picks('environment=production,tier!=frontend', objects)).toEqual(['prodBack']);
  });

  it('set-based requirements', () => {
    expect(picks('environment in (production, qa)', objects)).toEqual(['prodFront', 'prodBack', 'qaCache']);
    expect(picks('tier notin (frontend, backend)', objects)).toEqual(['qaCache', 'dev', 'bare']);
    expect(picks('partition', objects)).toEqual(['prodBack', 'qaCache']);
    expect(picks('!partition', objects)).toEqual(['prodFront', 'dev', 'bare']);
    expect(picks('partition,environment notin (qa)', objects)).toEqual(['prodBack']);
    expect(picks('partition in (customerA, customerB),environment!=qa', objects)).toEqual(['prodBack']);
  });

  it('reads them into data and writes them back as Kubernetes does', () => {
    expect(selector('environment in (qa, production),!partition,tier')).toEqual([
      { key: 'environment', op: 'in', values: ['production', 'qa'] },
      { key: 'partition', op: '!' },
      { key: 'tier', op: 'exists' },
    ]);
    expect(formatLabelSelector(selector(' environment in ( production , qa ) , tier != frontend , ! partition '))).toBe(
      'environment in (production,qa),tier!=frontend,!partition',
    );
  });

  it('has no OR: "||" is not an operator', () => {
    expect(problem('environment=production||tier=frontend')).toBe(
      'column 13 of "environment=production||tier": value "production||tier": a label value is empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    );
  });
});

describe('parseLabelSelector accepts and refuses what Kubernetes does', () => {
  // The tables of k8s.io/apimachinery/pkg/labels/selector_test.go (TestSelectorParse, TestSetSelectorParser, TestLexer*).
  const good = [
    '',
    'x=a,y=b,z=c',
    'x!=a,y=b',
    'x=',
    'x= ',
    'x=,z= ',
    'x= ,z= ',
    '!x',
    'x>1',
    'x>1,z<5',
    'x in (foo,,baz),y,z notin ()',
    'x in (foo,bar,baz),y,z notin ()',
    'x in (,),y',
    'x in (a,)',
    'x notin (a)',
    'w in (a),x notin (b),y,!z',
    'notin=in',
    'x=in,in=notin',
    'a.b-c_d=e.f-g_h',
    'example.com/tier=frontend',
    'app.kubernetes.io/name in (web)',
    '  x  ==  a  ',
    '\tx\n=\ra',
    `${'a'.repeat(63)}=${'b'.repeat(63)}`,
    `${'p'.repeat(253)}/x`,
  ];
  const bad = [
    'x=a||y=b',
    'x==a==b',
    '!x=a',
    'x<a',
    'x>',
    'x>-1',
    'x=a,',
    ',x=a',
    'x=a,,y=b',
    'x in a',
    'x notin (a b)',
    'x in (a',
    'x in ((a))',
    'x=(a)',
    'x y',
    'x =! a',
    '=a',
    '!',
    '!!x',
    'x in',
    'x ! a',
    'x=a b',
    'x=a/b',
    'x=-a',
    'x=a-',
    '/x=a',
    'a/b/c=d',
    'Example.com/x=a',
    'x_=a',
    '_x=a',
    `${'a'.repeat(64)}=b`,
    `x=${'b'.repeat(64)}`,
    `${'p'.repeat(254)}/x`,
    'x>9223372036854775808',
  ];

  it.each(good)('accepts %j', (text) => {
    expect(problem(text)).toBe('');
  });
  it.each(bad)('refuses %j', (text) => {
    expect(problem(text)).not.toBe('');
  });

  it('writes back what it reads, blanks removed (the round trip of TestSelectorParse)', () => {
    for (const text of ['x=a,y=b,z=c', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', '!x', 'x>1', 'x>1,z<5', 'x==a'])
      expect(formatLabelSelector(selector(text)), text).toBe(text.replaceAll(' ', ''));
    expect(formatLabelSelector(selector('x in (foo,,baz),y,z notin ()'))).toBe('x in (,baz,foo),y,z notin ()');
  });

  it('names the column and the requirement it could not read', () => {
    expect(problem('env in (prod')).toBe('column 13 of "env in (prod": expected "," or ")", found the end');
    expect(problem('env=prod,tier notin frontend')).toBe('column 21 of "tier notin frontend": expected "(", found "frontend"');
    expect(problem('env=prod,')).toBe('column 10: expected a label key or "!" after ",", found the end');
    expect(problem('!env=prod')).toBe('column 5 of "!env=": expected "," or the end, found "="');
    expect(problem('env=prod us')).toBe('column 10 of "env=prod us": expected "," or the end, found "us"');
    expect(problem('env=prod/eu')).toBe(
      'column 5 of "env=prod/eu": value "prod/eu": a label value is empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    );
    expect(problem('Example.com/tier=x')).toBe(
      'column 1 of "Example.com/tier": label key "Example.com/tier": the prefix must be a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. example.com)',
    );
    expect(problem('replicas>two')).toBe('column 10 of "replicas>two": ">" compares with an integer (got "two")');
  });
});

describe('labelSelectorMatches', () => {
  it('matches as Kubernetes does (TestSelectorMatches)', () => {
    const yes: Array<[string, Record<string, string>]> = [
      ['', { x: 'y' }],
      ['x=y', { x: 'y' }],
      ['x=y,z=w', { x: 'y', z: 'w' }],
      ['x!=y,z!=w', { x: 'z', z: 'a' }],
      ['notin=in', { notin: 'in' }],
      ['x', { x: 'z' }],
      ['!x', { y: 'z' }],
      ['x>1', { x: '2' }],
      ['x<1', { x: '0' }],
      ['x=', { x: '' }],
      ['x in ()', { x: '' }],
    ];
    const no: Array<[string, Record<string, string>]> = [
      ['x=z', {}],
      ['x=y', { x: 'z' }],
      ['x=y,z=w', { x: 'w', z: 'w' }],
      ['x!=y,z!=w', { x: 'z', z: 'w' }],
      ['x', { y: 'z' }],
      ['!x', { x: 'z' }],
      ['x>1', { x: '0' }],
      ['x<1', { x: '2' }],
      ['x>1', { x: 'many' }],
      ['x<1', {}],
      ['x=', {}],
      ['x in (a)', {}],
      ['toString', {}],
    ];
    for (const [text, labels] of yes) expect(labelSelectorMatches(selector(text), labels), `${text} on ${JSON.stringify(labels)}`).toBe(true);
    for (const [text, labels] of no) expect(labelSelectorMatches(selector(text), labels), `${text} on ${JSON.stringify(labels)}`).toBe(false);
  });
});
