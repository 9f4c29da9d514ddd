import { z } from 'zod';
import { parseLabelSelector } from '../../../shared/label-selector';
import { parseCidr } from '../../../shared/cidr';
import { duration } from './common';

const money = z.number({ error: 'must be a number' }).min(0, 'must be 0 or more');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-02-28');
const minorVersion = z.string().regex(/^\d+\.\d+$/, 'must be a minor version like "1.29" (quote it in YAML)');

/** A node price override: the first rule whose labels all match a node's labels applies to it. */
export const nodePriceRule = z.strictObject({
  /** Node labels, exactly as on the Node object (node.kubernetes.io/instance-type: m5.xlarge). */
  match: z.record(z.string().min(1), z.string()).refine((m) => Object.keys(m).length > 0, 'must name at least one label'),
  cpuCoreHour: money.optional(),
  memoryGiBHour: money.optional(),
  gpuHour: money.optional(),
  /** Multiplies the node's prices after the overrides (0.3 for a spot node at 70 % off). */
  factor: money.default(1),
});

/** A price profile (config/prices/NAME.yaml or reports.cost.profiles.NAME). Defaults are OpenCost's. */
export const priceProfile = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD or EUR')
    .default('USD'),
  cpuCoreHour: money.default(0.031611),
  memoryGiBHour: money.default(0.004237),
  gpuHour: money.default(0.95),
  storageGiBMonth: money.default(0.04),
  nodes: z.array(nodePriceRule).default([]),
});
export type PriceProfile = z.output<typeof priceProfile>;

/** Threshold override of one health rule; see docs/reports.md for the rules and their units. */
export const healthRuleOverride = z.strictObject({
  enabled: z.boolean().optional(),
  /** The value at or above which the rule gives a warning; null turns the level off. */
  warning: z.number().nullable().optional(),
  critical: z.number().nullable().optional(),
});
export type HealthRuleOverride = z.output<typeof healthRuleOverride>;

export const healthReportConfig = z.strictObject({
  /** Past this age a cluster's data leaves the reports and the cluster is never healthy. */
  staleAfter: duration.default(5 * 60_000),
  /** Window of the warning-event rate and the restart rate. */
  window: duration.default(10 * 60_000),
  /** `job` values of the Prometheus targets whose `up` counts (core targets). */
  coreJobs: z
    .array(z.string().min(1))
    .default(['apiserver', 'kubelet', 'kube-state-metrics', 'node-exporter', 'coredns', 'kube-scheduler', 'kube-controller-manager']),
  /** Firing alerts with these names never count (kube-prometheus' always-firing ones). */
  ignoredAlerts: z.array(z.string().min(1)).default(['Watchdog', 'InfoInhibitor']),
  rules: z.record(z.string(), healthRuleOverride).default({}),
});
export type HealthReportConfig = z.output<typeof healthReportConfig>;

export const costReportConfig = z.strictObject({
  /** Profile used by clusters not listed in `clusters`. */
  profile: z.string().min(1).default('default'),
  /** Cluster name → profile name. */
  clusters: z.record(z.string(), z.string().min(1)).default({}),
  /** Profiles defined inline; they replace files of the same name in pricesDir. */
  profiles: z.record(z.string(), priceProfile).default({}),
  /** Folder of price profiles (NAME.yaml), relative to the working directory. */
  pricesDir: z.string().min(1).default('config/prices'),
});
export type CostReportConfig = z.output<typeof costReportConfig>;

export const kubernetesRelease = z.strictObject({
  released: isoDate.optional(),
  endOfLife: isoDate,
});

export const skewReportConfig = z.strictObject({
  /** Warn this many days before a minor's end of life. */
  eolWarningDays: z.number().int().min(0).default(90),
  /** Table of minor releases; entries here replace those of releasesFile. */
  releases: z.record(minorVersion, kubernetesRelease).default({}),
  releasesFile: z.string().min(1).default('config/kubernetes-releases.yaml'),
});
export type SkewReportConfig = z.output<typeof skewReportConfig>;

const cidrText = z.string().refine((text) => parseCidr(text) !== null, 'must be a CIDR like 10.96.0.0/12 or fd00:10:96::/112');

/** Clusters whose pod and service ranges must not overlap (they are connected: a mesh, a VPN, peered networks); with neither `clusters` nor `selector`, every cluster; with both, either. */
export const networkGroup = z.strictObject({
  name: z.string().min(1),
  /** Cluster names. */
  clusters: z.array(z.string().min(1)).optional(),
  /** A Kubernetes label selector over the cluster labels, `name` being the cluster's name (env=prod,region in (eu,us)). */
  selector: z
    .string()
    .min(1)
    .refine((text) => parseLabelSelector(text).ok, 'must be a label selector like env=prod or region in (eu,us)')
    .optional(),
});
export type NetworkGroup = z.output<typeof networkGroup>;

export const hygieneReportConfig = z.strictObject({
  /** Per-rule override of the hygiene rules (docs/reports.md#hygiene); unknown ids are errors. */
  rules: z.record(z.string(), healthRuleOverride).default({}),
  /** Groups of clusters that must not overlap; default: one group of every cluster. A cluster may be in several. */
  networkGroups: z.array(networkGroup).default([{ name: 'all' }]),
  /** Cluster name → its service CIDRs (the API server's --service-cluster-ip-range), which no series exports. */
  serviceCIDRs: z.record(z.string(), z.array(cidrText)).default({}),
});
export type HygieneReportConfig = z.output<typeof hygieneReportConfig>;

export const reportsConfig = z.strictObject({
  health: healthReportConfig.prefault({}),
  cost: costReportConfig.prefault({}),
  skew: skewReportConfig.prefault({}),
  hygiene: hygieneReportConfig.prefault({}),
});
export type ReportsConfig = z.output<typeof reportsConfig>;

/** The reports section with every default (and `input` laid over them), for runs without a config file. */
export function defaultReportsConfig(input: z.input<typeof reportsConfig> = {}): ReportsConfig {
  return reportsConfig.parse(input);
}
