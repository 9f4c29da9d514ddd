import { describe, expect, it } from 'vitest';
import { INVENTORY_REPORT_KINDS, REPORT_FORMATS } from '../../shared/reports/common';
import { golden } from '../../test/fixtures/reports/golden';
import { hygieneFleet } from '../../test/fixtures/hygiene/load';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { defaultReportsConfig } from '../config/schema/reports';
import { toCsv } from './export/csv';
import { toMarkdownTable } from './export/markdown';
import { fleetReport } from '../../test/helpers/fleet-report';
import { shippedTables } from '../../test/helpers/report-settings';
import type { ClusterInventory } from '../inventory/types';
import { renderReport } from './render';

const reports = defaultReportsConfig();
const tables = shippedTables(reports);
if (!tables.ok) throw new Error(tables.problems.join('\n'));
const settings = { reports, tables: tables.tables };
const FIXTURE = { health: 'fleet-health', cost: 'cost-small', skew: 'fleet-skew' } as const;
/** The recorded snapshot of a report kind; hygiene's fleet is built from the exposition fixtures of test/fixtures/hygiene. */
const inputsOf = (kind: (typeof INVENTORY_REPORT_KINDS)[number]) => (kind === 'hygiene' ? hygieneFleet() : loadSnapshot(FIXTURE[kind]));
/** A report of `kind` built over some inventories, with the `now` it was built at, for renderReport. */
const built = (kind: (typeof INVENTORY_REPORT_KINDS)[number], inputs: { inventories: readonly ClusterInventory[]; now: number }) => ({
  ...fleetReport(kind, inputs.inventories, inputs.now, settings),
  now: inputs.now,
});

describe('exports match the reviewed golden files', () => {
  for (const kind of INVENTORY_REPORT_KINDS) {
    for (const format of REPORT_FORMATS) {
      it(`${kind} as ${format}`, () => {
        const rendered = renderReport({ ...built(kind, inputsOf(kind)), format });
        expect(rendered.filename).toBe(`fleetscope-${kind}-20261121T1000Z.${format}`);
        expect(rendered.body).toBe(golden(`${kind}.export.${format}`, rendered.body));
      });
    }
  }
});

describe('the worst problem a report shows (for --fail-on)', () => {
  it('is critical for a fleet with a critical cluster or a critical skew finding, null for cost', () => {
    const health = loadSnapshot('fleet-health');
    expect(renderReport({ ...built('health', health), format: 'json' }).worst).toBe('critical');
    const calm = health.inventories.filter((c) => c.cluster === 'calm');
    expect(renderReport({ ...built('health', { inventories: calm, now: health.now }), format: 'json' }).worst).toBeNull();
    const skew = loadSnapshot('fleet-skew');
    expect(renderReport({ ...built('skew', skew), format: 'csv' }).worst).toBe('critical');
    const prodOnly = skew.inventories.filter((c) => c.cluster === 'prod-eu');
    expect(renderReport({ ...built('skew', { inventories: prodOnly, now: skew.now }), format: 'csv' }).worst).toBe('warning');
    expect(renderReport({ ...built('cost', loadSnapshot('cost-small')), format: 'csv' }).worst).toBeNull();
    const hygiene = hygieneFleet();
    expect(renderReport({ ...built('hygiene', hygiene), format: 'md' }).worst).toBe('critical');
    const usOnly = hygiene.inventories.filter((c) => c.cluster === 'prod-us');
    expect(renderReport({ ...built('hygiene', { inventories: usOnly, now: hygiene.now }), format: 'md' }).worst).toBe('warning');
    const devOnly = hygiene.inventories.filter((c) => c.cluster === 'dev');
    expect(renderReport({ ...built('hygiene', { inventories: devOnly, now: hygiene.now }), format: 'md' }).worst).toBeNull();
  });
});

describe('CSV and Markdown writing', () => {
  it('quotes CSV cells and defuses formulas coming from cluster data', () => {
    const csv = toCsv({
      title: 't',
      columns: ['a', 'b'],
      rows: [
        ['x,y', 'say "hi"'],
        ['=HYPERLINK("http://evil")', -1.5],
        [null, 'line\nbreak'],
      ],
    });
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n"\'=HYPERLINK(""http://evil"")",-1.5\r\n,"line\nbreak"\r\n');
  });

  it('escapes pipes in Markdown cells and says None for an empty table', () => {
    expect(toMarkdownTable({ title: 'T', columns: ['a'], rows: [['x|y'], [null]] })).toBe('## T\n\n| a |\n| --- |\n| x\\|y |\n| — |\n');
    expect(toMarkdownTable({ title: 'T', columns: ['a'], rows: [] })).toBe('## T\n\nNone.\n');
  });
});
