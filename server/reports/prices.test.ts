import { describe, expect, it } from 'vitest';
import { priceProfile } from '../config/schema/reports';
import { nodeUnitPrices, storageGiBHour } from './prices';

const profile = priceProfile.parse({
  nodes: [
    { match: { 'node.kubernetes.io/instance-type': 'c5.2xlarge', 'karpenter.sh/capacity-type': 'spot' }, cpuCoreHour: 0.04, factor: 0.5 },
    { match: { 'node.kubernetes.io/instance-type': 'c5.2xlarge' }, cpuCoreHour: 0.04, memoryGiBHour: 0.002 },
  ],
});

describe('node prices', () => {
  it('applies the first rule whose labels all match, by real or kube-state-metrics label names', () => {
    expect(nodeUnitPrices(profile, { 'node.kubernetes.io/instance-type': 'c5.2xlarge' })).toEqual({ cpuCoreHour: 0.04, memoryGiBHour: 0.002, gpuHour: 0.95 });
    expect(nodeUnitPrices(profile, { label_node_kubernetes_io_instance_type: 'c5.2xlarge', label_karpenter_sh_capacity_type: 'spot' })).toEqual({
      cpuCoreHour: 0.02,
      memoryGiBHour: 0.004237 * 0.5,
      gpuHour: 0.475,
    });
  });

  it('falls back to the profile for unlabelled or unmatched nodes; storage is per GiB-month of 730 h', () => {
    expect(nodeUnitPrices(profile, undefined)).toEqual({ cpuCoreHour: 0.031611, memoryGiBHour: 0.004237, gpuHour: 0.95 });
    expect(nodeUnitPrices(profile, { 'node.kubernetes.io/instance-type': 'm5.xlarge' }).cpuCoreHour).toBe(0.031611);
    expect(storageGiBHour(profile) * 730).toBeCloseTo(0.04, 12);
  });
});
