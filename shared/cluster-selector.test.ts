import { describe, expect, it } from 'vitest';
import { selectsCluster, type SelectableCluster } from './cluster-selector';
import { parseLabelSelector } from './label-selector';

const clusters: SelectableCluster[] = [
  { name: 'prod-eu', labels: { env: 'prod', region: 'eu-west-1' } },
  { name: 'prod-us', labels: { env: 'prod', region: 'us-east-1', canary: 'true' } },
  { name: 'dev', labels: { env: 'dev', name: 'sandbox' } },
  { name: 'lab', labels: {} },
];

function picked(text: string): string[] {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return clusters.filter((c) => selectsCluster(parsed.selector, c)).map((c) => c.name);
}

describe('selectsCluster', () => {
  it('reads the cluster labels with the kubectl grammar', () => {
    expect(picked('')).toEqual(['prod-eu', 'prod-us', 'dev', 'lab']);
    expect(picked('env=prod,region!=us-east-1')).toEqual(['prod-eu']);
    expect(picked('env in (prod,dev),!canary')).toEqual(['prod-eu', 'dev']);
    expect(picked('env notin (prod)')).toEqual(['dev', 'lab']);
    expect(picked('canary')).toEqual(['prod-us']);
  });

  it('takes "name" for the cluster name, in place of a label of that name', () => {
    expect(picked('name=dev')).toEqual(['dev']);
    expect(picked('name=sandbox')).toEqual([]);
    expect(picked('name in (lab,prod-eu)')).toEqual(['prod-eu', 'lab']);
    expect(picked('name notin (lab),env!=prod')).toEqual(['dev']);
  });
});
