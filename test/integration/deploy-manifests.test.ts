import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateConfig } from '../../server/config/load';
import type { FleetscopeConfig } from '../../server/config/schema/root';
import { COMMAND, ROOT } from '../helpers/command';
import { validateObject } from '../helpers/kube-models';
import { kustomizeOverlays, renderOverlay } from '../helpers/kustomize';
import { restrictedProblems } from '../helpers/pod-security';
import { metricNames } from '../helpers/promql-names';
import { startTestServer } from '../helpers/server';

/** The kinds the hub needs (issue 20): every overlay ships each of them. */
const HUB_KINDS = [
  'Namespace',
  'ServiceAccount',
  'ConfigMap',
  'Deployment',
  'Service',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'ServiceMonitor',
  'PrometheusRule',
];
/** The port the image listens on (its ENV PORT). */
const IMAGE_PORT = Number(/\bPORT=(\d+)/.exec(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1]);
/** The image's one volume (its VOLUME), where the store lives. */
const DATA_DIR = '/app/data';

/** The fleetscope container of a pod spec and what it mounts where. */
function fleetscopeContainer(pod: IPodSpec): { container: IContainer; mounts: Array<{ mountPath: string; readOnly: boolean; volume: IVolume | undefined }> } {
  const container = pod.containers.find((c) => c.name === 'fleetscope');
  if (!container) throw new Error(`no container named fleetscope (there are: ${pod.containers.map((c) => c.name).join(', ')})`);
  const mounts = (container.volumeMounts ?? []).map((m) => ({
    mountPath: m.mountPath,
    readOnly: m.readOnly === true,
    volume: pod.volumes?.find((v) => v.name === m.name),
  }));
  return { container, mounts };
}

/** The container port a probe's or Service's port (a number or a port name) reaches. */
function containerPort(container: IContainer, port: number | string | undefined): number | undefined {
  return typeof port === 'number'
    ? container.ports?.find((p) => p.containerPort === port)?.containerPort
    : container.ports?.find((p) => p.name === port)?.containerPort;
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Every absolute path a config document names, anywhere in it. */
function absolutePaths(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('/') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(absolutePaths);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(absolutePaths);
  return [];
}

/**
 * What a user puts under each Secret key the config reads, made as
 * docs/deployment.md says: the tokens file from `fleetscope token create`,
 * a kubeconfig with a context per cluster the config names.
 */
function secretFixture(key: string, config: Readonly<FleetscopeConfig>, tokenEntry: string): string {
  if (key === 'config') {
    const contexts = config.clusters.flatMap((c) => (c.kubernetes?.context ? [c.kubernetes.context] : []));
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((name) => ({ name, cluster: { server: `https://${name}.example.com:6443` } })),
      users: contexts.map((name) => ({ name: `fleetscope@${name}`, user: { token: `token-of-${name}` } })),
      contexts: contexts.map((name) => ({ name, context: { cluster: name, user: `fleetscope@${name}` } })),
      'current-context': contexts[0],
    });
  }
  if (key === 'tokens.yaml') return `${tokenEntry}\n`;
  if (key === 'inbound-token') return 'inbound-token-of-the-spokes-alertmanagers\n';
  if (key === 'url') return 'postgres://fleetscope:password-of-the-database@postgres.fleetscope.svc:5432/fleetscope\n';
  if (config.alerts.receivers.some((r) => r.name === key)) return 'https://hooks.slack.com/services/T000/B000/XXXX\n';
  throw new Error(`the config reads Secret key ${key}, which this test has no content for: add it to secretFixture (and to docs/deployment.md)`);
}

describe('the hub manifests (deploy/overlays)', () => {
  const overlays = kustomizeOverlays();

  it('offers the single and ha overlays', () => {
    expect(overlays).toContain('single');
    expect(overlays).toContain('ha');
  });

  describe.each(overlays)('overlay %s, rendered by kubectl kustomize', (overlay) => {
    let objects: unknown[];
    let deployment: Deployment;
    let pod: IPodSpec;
    const work = mkdtempSync(path.join(os.tmpdir(), `fleetscope-deploy-${overlay}-`));

    beforeAll(() => {
      objects = renderOverlay(overlay);
      const deployments = objects.filter(Deployment.is);
      expect(deployments.length).toBe(1);
      deployment = new Deployment(deployments[0]);
      const spec = deployment.spec?.template.spec;
      if (!spec) throw new Error('the Deployment has no pod spec');
      pod = spec;
    });

    afterAll(() => {
      rmSync(work, { recursive: true, force: true });
    });

    it('holds every kind the hub needs, each valid against the Kubernetes or prometheus-operator schema, all in one namespace', () => {
      const validations = objects.map(validateObject);
      expect(validations.filter((v) => !v.ok)).toEqual([]);
      const valid = validations.flatMap((v) => (v.ok ? [v] : []));
      expect([...new Set(valid.map((v) => v.kind))]).toEqual(expect.arrayContaining(HUB_KINDS));
      expect(valid.filter((v) => v.kind === 'Namespace').map((v) => v.metadata.name)).toEqual(['fleetscope']);
      expect(valid.filter((v) => v.kind !== 'Namespace' && v.metadata.namespace !== 'fleetscope').map((v) => v.id)).toEqual([]);
    });

    it('runs every pod under the Pod Security Standard "restricted", which its namespace enforces', () => {
      const pods = objects.map(validateObject).flatMap((v) => (v.ok ? v.pods : []));
      expect(pods.length).toBeGreaterThan(0);
      expect(pods.flatMap(restrictedProblems)).toEqual([]);
      const namespace = objects.filter(Namespace.is)[0];
      expect(namespace?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    it('keeps the root filesystem read-only, with only data/ and /tmp writable, as the image test runs the app', () => {
      const { container, mounts } = fleetscopeContainer(pod);
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
      expect(
        mounts
          .filter((m) => !m.readOnly)
          .map((m) => m.mountPath)
          .sort(),
      ).toEqual([DATA_DIR, '/tmp']);
      const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
      expect(env.TMPDIR).toBe('/tmp');
    });

    it('probes /healthz for liveness and /readyz for readiness on the port the image listens on, with resources set', () => {
      const { container } = fleetscopeContainer(pod);
      expect(container.ports?.map((p) => p.containerPort)).toEqual([IMAGE_PORT]);
      const probe = (p: IContainer['livenessProbe']) => ({ path: p?.httpGet?.path, port: containerPort(container, p?.httpGet?.port) });
      expect(probe(container.livenessProbe)).toEqual({ path: '/healthz', port: IMAGE_PORT });
      expect(probe(container.readinessProbe)).toEqual({ path: '/readyz', port: IMAGE_PORT });
      expect(container.resources?.requests?.cpu).toBeDefined();
      expect(container.resources?.requests?.memory).toBeDefined();
      expect(container.resources?.limits?.memory).toBeDefined();
    });

    it('sets the image through the overlay, not the bare placeholder name', () => {
      const { container } = fleetscopeContainer(pod);
      expect(container.image).toMatch(/^[^:]+\/[^:]+:[^:]+$/);
    });

    it('reaches the pod from its Service, ServiceMonitor and NetworkPolicy on the container port', () => {
      const { container } = fleetscopeContainer(pod);
      const podLabels = deployment.spec?.template.metadata?.labels;
      expect(matches(deployment.spec?.selector.matchLabels, podLabels)).toBe(true);
      const services = objects.filter(Service.is).map((s) => new Service(s));
      expect(services.length).toBe(1);
      const service = services[0];
      expect(matches(service?.spec?.selector, podLabels)).toBe(true);
      expect(service?.spec?.ports?.map((p) => containerPort(container, p.targetPort))).toEqual([IMAGE_PORT]);

      const monitors = objects.filter(ServiceMonitor.is);
      expect(monitors.length).toBe(1);
      const monitor = monitors[0];
      expect(matches(monitor?.spec.selector.matchLabels, service?.metadata?.labels)).toBe(true);
      const servicePorts = service?.spec?.ports?.map((p) => p.name);
      expect(monitor?.spec.endpoints?.map((e) => ({ port: servicePorts?.includes(e.port), path: e.path }))).toEqual([{ port: true, path: '/metrics' }]);
      // /metrics needs a viewer whenever access control is on, as it is on 0.0.0.0.
      expect(monitor?.spec.endpoints?.[0]?.authorization?.credentials).toEqual({ name: 'fleetscope-metrics-token', key: 'token' });

      const policies = objects.filter(NetworkPolicy.is).map((p) => new NetworkPolicy(p));
      expect(policies.map((p) => matches(p.spec?.podSelector.matchLabels, podLabels))).toEqual([true]);
      const ingressPorts = policies.flatMap((p) => p.spec?.ingress ?? []).flatMap((rule) => rule.ports ?? []);
      expect(ingressPorts.map((p) => containerPort(container, p.port))).toEqual([IMAGE_PORT]);
    });

    it('holds a fleet config that fleetscope check-config accepts, every file it names in a Secret the pod mounts', () => {
      const { container, mounts } = fleetscopeContainer(pod);
      const configPath = container.env?.find((e) => e.name === 'FLEETSCOPE_CONFIG')?.value ?? '';
      const configMount = mounts.find((m) => configPath.startsWith(`${m.mountPath}/`));
      const configMapName = configMount?.volume?.configMap?.name;
      const configMap = objects
        .filter(ConfigMap.is)
        .map((c) => new ConfigMap(c))
        .find((c) => c.metadata?.name === configMapName);
      const text = configMap?.data?.[path.relative(configMount?.mountPath ?? '/', configPath)];
      if (text === undefined) throw new Error(`FLEETSCOPE_CONFIG=${configPath} is no key of a mounted ConfigMap`);
      const checked = validateConfig(parse(text));
      if (!checked.ok) throw new Error(checked.problems.join('\n'));

      // The pod's files, under a folder of the test's: the Secrets' keys the config names, and the config itself.
      const token = execFileSync(process.execPath, [COMMAND, 'token', 'create', '--name', 'prometheus', '--role', 'viewer'], { cwd: ROOT, encoding: 'utf8' });
      const tokenEntry = /^\s*(- \{ name: prometheus.*\})\s*$/m.exec(token)?.[1] ?? '';
      const secrets = new Set<string>();
      const used = new Set<string>();
      for (const file of absolutePaths(parse(text))) {
        const mount = mounts.find((m) => file.startsWith(`${m.mountPath}/`));
        const secret = mount?.volume?.secret?.secretName;
        if (!mount || !secret) throw new Error(`the config names ${file}, which no Secret the pod mounts holds`);
        const key = path.relative(mount.mountPath, file);
        secrets.add(`${secret}/${key}`);
        used.add(mount.mountPath);
        mkdirSync(path.join(work, mount.mountPath), { recursive: true });
        writeFileSync(path.join(work, file), secretFixture(key, checked.config, tokenEntry));
      }
      const local = [...used].reduce((t, mountPath) => t.replaceAll(`${mountPath}/`, `${path.join(work, mountPath)}/`), text);
      expect([...secrets].sort()).toEqual([
        'fleetscope-auth/inbound-token',
        'fleetscope-auth/tokens.yaml',
        'fleetscope-kubeconfig/config',
        ...(overlay === 'ha' ? ['fleetscope-postgres/url'] : []),
        'fleetscope-receivers/ops-chat',
      ]);
      const file = path.join(work, configPath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, local);
      // The image's working directory (the store's data/ is relative to it).
      const cwd = path.join(work, 'app');
      mkdirSync(cwd, { recursive: true });
      const result = spawnSync(process.execPath, [COMMAND, 'check-config', '--config', file], { cwd, encoding: 'utf8', timeout: 60_000 });
      expect(`${result.stdout}${result.stderr}`).toBe(`${file}: valid (${checked.config.clusters.length} clusters)\n`);
      expect(result.status).toBe(0);
    });

    it('alerts with rules promtool accepts, each with a severity, a summary and a description', () => {
      const rules = objects.filter(PrometheusRule.is).flatMap((r) => r.spec.groups?.flatMap((g) => g.rules ?? []) ?? []);
      expect(rules.map((r) => r.alert)).toEqual(
        expect.arrayContaining(['FleetscopeScrapesFailingFleetWide', 'FleetscopeNotificationsFailing', 'FleetscopeStoreNotReady']),
      );
      for (const rule of rules) {
        expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning)$/);
        expect(Object.keys(rule.annotations ?? {}).sort(), rule.alert).toEqual(['description', 'summary']);
      }
      const file = path.join(work, 'rules.yaml');
      writeFileSync(file, stringify({ groups: objects.filter(PrometheusRule.is).flatMap((r) => r.spec.groups ?? []) }));
      const result = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(result.status).toBe(0);
    });
  });

  describe('overlay single', () => {
    it('runs one replica, stopping the old pod before the next one starts, with data/ on its own ReadWriteOnce claim', () => {
      const objects = renderOverlay('single');
      const deployment = objects.filter(Deployment.is)[0];
      expect(deployment?.spec?.replicas).toBe(1);
      expect(deployment?.spec?.strategy).toEqual({ type: 'Recreate' });
      const spec = deployment?.spec?.template.spec;
      if (!spec) throw new Error('no pod spec');
      const data = fleetscopeContainer(spec).mounts.find((m) => m.mountPath === DATA_DIR)?.volume;
      expect(Object.keys(data ?? {}).sort()).toEqual(['name', 'persistentVolumeClaim']);
      const claims = objects.filter(PersistentVolumeClaim.is).filter((c) => c.metadata?.name === data?.persistentVolumeClaim?.claimName);
      expect(claims.map((c) => c.spec?.accessModes)).toEqual([['ReadWriteOnce']]);
    });
  });

  describe('overlay ha', () => {
    it('runs three replicas spread over nodes and zones, rolling one at a time, on the PostgreSQL store with the base config otherwise', () => {
      const objects = renderOverlay('ha');
      const deployment = objects.filter(Deployment.is)[0];
      expect(deployment?.spec?.replicas).toBe(3);
      expect(deployment?.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      expect(deployment?.spec?.template.spec?.topologySpreadConstraints?.map((c) => c.topologyKey)).toEqual([
        'kubernetes.io/hostname',
        'topology.kubernetes.io/zone',
      ]);
      const config = objects.filter(ConfigMap.is).map((c) => new ConfigMap(c))[0]?.data?.['fleet.yaml'] ?? '';
      const { store, ...rest } = parse(config) as Record<string, unknown>;
      const { store: baseStore, ...baseRest } = parse(readFileSync(path.join(ROOT, 'deploy/base/fleet.yaml'), 'utf8')) as Record<string, unknown>;
      expect(store).toEqual({ postgres: { urlFile: '/etc/fleetscope/postgres/url' } });
      expect(baseStore).toEqual({ path: 'data/fleetscope.db' });
      expect(rest).toEqual(baseRest);
      const egress = objects
        .filter(NetworkPolicy.is)
        .flatMap((p) => new NetworkPolicy(p).spec?.egress ?? [])
        .flatMap((r) => r.ports ?? []);
      expect(egress.map((p) => p.port)).toContain(5432);
    });
  });

  describe("the PrometheusRule's expressions, against the /metrics fleetscope serves", () => {
    let exported: Set<string>;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const app = await startTestServer();
      close = () => app.close();
      const text = await (await fetch(`${app.url}/metrics`)).text();
      const suffixes: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };
      exported = new Set(
        [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name = '', type = '']) => [name, ...(suffixes[type] ?? []).map((s) => `${name}${s}`)]),
      );
    });

    afterAll(async () => {
      await close?.();
    });

    it.each(kustomizeOverlays())('%s: selects only metrics fleetscope exports (and up, which Prometheus writes for the target)', (overlay) => {
      const exprs = renderOverlay(overlay)
        .filter(PrometheusRule.is)
        .flatMap((r) => r.spec.groups?.flatMap((g) => g.rules ?? []) ?? [])
        .map((r) => String(r.expr));
      const names = [...new Set(exprs.flatMap(metricNames))];
      expect(names).toEqual(expect.arrayContaining(['fleetscope_source_up', 'fleetscope_notification_attempts_total', 'fleetscope_store_up']));
      expect(names.filter((n) => n !== 'up' && !exported.has(n))).toEqual([]);
    });
  });
});

describe('the checks catch what they are for', () => {
  const pod: IPodSpec = {
    containers: [{ name: 'fleetscope', image: 'x', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  };

  it('a pod spec that meets the restricted profile has no problems; each breach is named', () => {
    expect(restrictedProblems(pod)).toEqual([]);
    const breached: IPodSpec = {
      hostNetwork: true,
      volumes: [{ name: 'host', hostPath: { path: '/var/run' } }],
      containers: [
        {
          name: 'fleetscope',
          image: 'x',
          ports: [{ containerPort: 8080, hostPort: 8080 }],
          securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } },
        },
      ],
      securityContext: { seccompProfile: { type: 'Unconfined' } },
    };
    expect(restrictedProblems(breached)).toEqual([
      'hostNetwork is on',
      'volume host: type hostPath is not allowed',
      'container fleetscope: privileged',
      'container fleetscope: allowPrivilegeEscalation is not false',
      'container fleetscope: runAsNonRoot is not true (neither on the container nor on the pod)',
      'container fleetscope: seccompProfile is Unconfined, not RuntimeDefault or Localhost',
      'container fleetscope: capabilities do not drop ALL',
      'container fleetscope: adds capability SYS_ADMIN',
      'container fleetscope: hostPort 8080',
    ]);
  });

  it('an object of a kind without a model, or with a wrong field type, fails validation with the path', () => {
    expect(validateObject({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' } })).toEqual({
      ok: false,
      id: 'batch/v1 CronJob/nightly',
      problem: 'no schema for this kind here: add its model to MODELS in test/helpers/kube-models.ts',
    });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'fleetscope' }, spec: { ports: [{ port: 'http' }] } };
    expect(validateObject(service)).toMatchObject({ ok: false, problem: expect.stringContaining('spec/ports/0/port') });
  });

  it('reads the metric names of an expression, not its functions, labels, keywords or ranges', () => {
    expect(
      metricNames('1 - avg without (cluster, source) (rate(foo_total{job="a", x=~"b|c"}[5m])) > 0.5 unless ignoring (outcome) bar:rate5m offset 1h'),
    ).toEqual(['foo_total', 'bar:rate5m']);
  });
});
