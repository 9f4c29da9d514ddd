import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, REPORT_KINDS } from '../../shared/reports/common';
import { golden } from '../../test/fixtures/reports/golden';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { defaultReportsConfig } from '../config/schema/reports';
import { toCsv } from './export/csv';
import { toMarkdownTable } from './export/markdown';
import { filterSnapshot, parseSelector } from './filter';
import { loadReportTables } from './load-tables';
import { PROJECT_ROOT } from './project-root';
import { renderReport } from './render';

const reports = defaultReportsConfig();
const tables = loadReportTables(reports, PROJECT_ROOT);
if (!tables.ok) throw new Error(tables.problems.join('\n'));
const settings = { reports, tables: tables.tables };
const FIXTURE = { health: 'fleet-health', cost: 'cost-small', skew: 'fleet-skew' } as const;

describe('exports match the reviewed golden files', () => {
  for (const kind of REPORT_KINDS) {
    for (const format of REPORT_FORMATS) {
      it(`${kind} as ${format}`, () => {
        const { snapshot, now } = loadSnapshot(FIXTURE[kind]);
        const rendered = renderReport({ kind, format, snapshot, now, settings });
        expect(rendered.filename).toBe(`fleetscope-${kind}-20261121T1000Z.${format}`);
        expect(rendered.body).toBe(golden(`${kind}.export.${format}`, rendered.body));
      });
    }
  }
});

describe('the worst problem a report shows (for --fail-on)', () => {
  it('is critical for a fleet with a critical cluster or a critical skew finding, null for cost', () => {
    const health = loadSnapshot('fleet-health');
    expect(renderReport({ kind: 'health', format: 'json', ...health, settings }).worst).toBe('critical');
    const calm = { clusters: health.snapshot.clusters.filter((c) => c.name === 'calm') };
    expect(renderReport({ kind: 'health', format: 'json', snapshot: calm, now: health.now, settings }).worst).toBeNull();
    const skew = loadSnapshot('fleet-skew');
    expect(renderReport({ kind: 'skew', format: 'csv', ...skew, settings }).worst).toBe('critical');
    const prodOnly = { clusters: skew.snapshot.clusters.filter((c) => c.name === 'prod-eu') };
    expect(renderReport({ kind: 'skew', format: 'csv', snapshot: prodOnly, now: skew.now, settings }).worst).toBe('warning');
    expect(renderReport({ kind: 'cost', format: 'csv', ...loadSnapshot('cost-small'), settings }).worst).toBeNull();
  });
});

describe('CSV and Markdown writing', () => {
  it('quotes CSV cells and defuses formulas coming from cluster data', () => {
    const csv = toCsv({ title: 't', columns: ['a', 'b'], rows: [['x,y', 'say "hi"'], ['=HYPERLINK("http://evil")', -1.5], [null, 'line\nbreak']] });
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n"\'=HYPERLINK(""http://evil"")",-1.5\r\n,"line\nbreak"\r\n');
  });

  it('escapes pipes in Markdown cells and says None for an empty table', () => {
    expect(toMarkdownTable({ title: 'T', columns: ['a'], rows: [['x|y'], [null]] })).toBe('## T\n\n| a |\n| --- |\n| x\\|y |\n| — |\n');
    expect(toMarkdownTable({ title: 'T', columns: ['a'], rows: [] })).toBe('## T\n\nNone.\n');
  });
});

describe('label selectors', () => {
  const { snapshot } = loadSnapshot('fleet-skew');
  it('keeps the clusters matching every term', () => {
    const parsed = parseSelector('env=prod,region!=us-east-1');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(filterSnapshot(snapshot, { matchers: parsed.matchers }).clusters.map((c) => c.name)).toEqual(['prod-eu']);
    expect(filterSnapshot(snapshot, { matchers: [], clusters: ['legacy', 'new'] }).clusters.map((c) => c.name)).toEqual(['legacy', 'new']);
  });

  it('refuses what it cannot read, naming the term', () => {
    expect(parseSelector('env in (prod)')).toEqual({ ok: false, message: 'selector term "env in (prod)": expected label=value or label!=value' });
  });
});
