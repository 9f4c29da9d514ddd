import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AccessRefused } from './auth/access-mode';
import { SIGNAL } from './auth/audit';
import { runTokenCommand } from './auth/token-command';
import { ConfigProblems, resolveConfig } from './compose/resolve-config';
import { loadConfigFile, validateConfig } from './config/load';
import { didYouMean } from './did-you-mean';
import type { FleetscopeConfig } from './config/schema/root';
import { createLogger } from './log';
import { DEFAULT_WEB_ROOT, startFleetscope } from './main';
import { PROJECT_ROOT } from './project-root';
import { readBuildInfo } from './build-info';
import { runKubeconfigCommand } from './kubeconfig-command';
import { runReportCommand } from './report-command';
import { STORE_REMEDIES, StoreOpenFailed } from './store/faults';
import { parseScenarioList } from './simulator/scenarios/runner';
import { DEMO_SCENARIOS } from './simulator/demo';

const USAGE = `Usage: fleetscope [command] [options]

Commands:
  serve          run the aggregator, the web app and the API (default)
  check-config   validate a config file and exit (0 valid, 2 invalid)
  report KIND    collect once and print a report: health, cost, skew or hygiene; or availability,
                 read from the status history in the config's store (--days N: one window
                 instead of 1, 7 and 30 days)
                 (--format json|csv|md, default json; --selector 'env in (prod,qa),!canary';
                 --fail-on warning|critical: exit 3 when the report shows such a problem;
                 --rate-window 30s: cost scrapes a second time this long after the first to
                 rate CPU usage, 0 charges CPU by requests; hygiene does so only when given;
                 exit 5 when a cluster could not be read, unless --allow-partial)
  token create   make a bearer token: --name NAME --role viewer|operator|admin; prints the
                 token once and the entry to put under auth.tokens (docs/security.md)
  kubeconfig add put one spoke's context, self-contained, into the kubeconfig --output FILE
                 (created, or merged: an entry of the same name is replaced) for the hub's Secret:
                 --name NAME --server URL --ca-file FILE --token-file FILE, or
                 --from-context CTX [--kubeconfig SRC, default KUBECONFIG] [--name] [--token-file]
                 to copy an existing context's server and CA (docs/deployment.md#connect-spokes)

Options:
  --config PATH  fleet config (YAML or JSON); env FLEETSCOPE_CONFIG.
                 Without one (and without --kubeconfig/--context), the simulated demo fleet.
  --kubeconfig PATH  serve and report without a config: every context of this kubeconfig
                 is a cluster, named after it (Kubernetes API only); env KUBECONFIG with --context
  --context GLOB only the contexts matching GLOB (* any characters, ? one), e.g. prod-eu or 'prod-*'
  --host HOST    listen address (env HOST; default 127.0.0.1)
  --port PORT    listen port (env PORT; default 8080)
  --web.config.file PATH  the Prometheus web configuration file (TLS, basic-auth users,
                 headers; as Prometheus' and Alertmanager's); overrides server.webConfigFile
  --scenario S   demo fleet only: start scenarios, ";"-separated SCENARIO@CLUSTER[:key=value,…]
                 (env FLEETSCOPE_DEMO_SCENARIOS), e.g. crashloop-storm@prod-us;node-not-ready@prod-eu;
                 "none" for none. Default: "ambient" (everyday events) on every demo cluster
  --sim-admin-port PORT  demo fleet only: port of the simulator's loopback admin endpoint
                 (env FLEETSCOPE_SIM_ADMIN_PORT; default any free port)
  -h, --help     this text
  --version      the version, branch and revision of this build, and the Node.js it runs on

Signals (serve): SIGHUP re-reads auth.tokensFile and server.webConfigFile, as POST /-/reload.

Exit codes: 0 fine; 1 a failure while running; 2 bad usage or config (also: listening on an
address other than loopback with no way of authenticating configured); 3 report --fail-on
tripped; 4 the store (store.path or store.postgres) cannot be used at start: read-only,
corrupt, unreadable or PostgreSQL unreachable; 5 report: a cluster could not be read (the report is printed all the same).
`;

/** Exit codes: 0 fine, 1 runtime failure, 2 bad usage or bad config, 3 `report --fail-on` tripped, 4 the store cannot be used at start. */
const EXIT_STORE = 4;

type Command = (args: { values: Values; positionals: string[] }) => Promise<number>;

type Values = Record<string, string | boolean | undefined>;

const configFile = (values: Values) => (typeof values.config === 'string' ? values.config : process.env.FLEETSCOPE_CONFIG);
const text = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
/** What problems are reported against: the config file, or the kubeconfig flags the fleet was made from. */
const fleetSource = (values: Values): string =>
  configFile(values) ?? (text(values, 'kubeconfig') !== undefined ? `--kubeconfig ${text(values, 'kubeconfig')}` : '--context');

function printProblems(file: string, problems: readonly string[]): void {
  process.stderr.write(`${file}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`);
}

/**
 * The config file, validated. What it points at (kubeconfig files, tables,
 * secrets) is read once by the command that uses it: startFleetscope, or
 * check-config; their problems are printed the same way.
 */
async function readConfig(file: string | undefined): Promise<{ ok: true; config?: Readonly<FleetscopeConfig> } | { ok: false }> {
  if (!file) return { ok: true };
  const loaded = await loadConfigFile(file);
  if (loaded.ok) return loaded;
  printProblems(file, loaded.problems);
  return { ok: false };
}

/**
 * The fleet a command runs on: the config file's; or, with --kubeconfig or
 * --context and no config, the kubeconfig's contexts as clusters (the bulk
 * form, kubeconfigClusters, with the flags as its fields); or nothing (the
 * demo fleet). KUBECONFIG alone does not leave the demo fleet: only a flag
 * points fleetscope at real clusters.
 */
async function readFleet(values: Values): Promise<{ ok: true; config?: Readonly<FleetscopeConfig> } | { ok: false }> {
  const kubeconfig = text(values, 'kubeconfig');
  const context = text(values, 'context');
  if (kubeconfig === undefined && context === undefined) return readConfig(configFile(values));
  if (configFile(values)) {
    process.stderr.write('--kubeconfig and --context make the fleet without a config file; with --config, list the contexts under kubeconfigClusters\n');
    return { ok: false };
  }
  const built = validateConfig({
    kubeconfigClusters: [{ ...(kubeconfig === undefined ? {} : { kubeconfig }), ...(context === undefined ? {} : { contexts: context }) }],
  });
  if (built.ok) return built;
  printProblems(fleetSource(values), built.problems);
  return { ok: false };
}

async function buildWebIfMissing(): Promise<void> {
  if (existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) return;
  process.stderr.write('building the web app (first start)…\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

const commands: Record<string, Command> = {
  async token({ values, positionals }) {
    return runTokenCommand({
      action: positionals[1],
      name: typeof values.name === 'string' ? values.name : undefined,
      role: typeof values.role === 'string' ? values.role : undefined,
      out: process.stdout,
      err: process.stderr,
    });
  },

  async kubeconfig({ values, positionals }) {
    return runKubeconfigCommand({
      action: positionals[1],
      name: text(values, 'name'),
      server: text(values, 'server'),
      caFile: text(values, 'ca-file'),
      tokenFile: text(values, 'token-file'),
      fromContext: text(values, 'from-context'),
      kubeconfig: text(values, 'kubeconfig'),
      output: text(values, 'output'),
      env: process.env,
      out: process.stdout,
      err: process.stderr,
    });
  },

  async report({ values, positionals }) {
    const result = await readFleet(values);
    if (!result.ok) return 2;
    return runReportCommand({
      kind: positionals[1],
      format: text(values, 'format'),
      selector: text(values, 'selector'),
      failOn: text(values, 'fail-on'),
      allowPartial: values['allow-partial'] === true,
      rateWindow: text(values, 'rate-window'),
      days: text(values, 'days'),
      config: result.config,
      out: process.stdout,
      err: process.stderr,
    });
  },

  async 'check-config'({ values }) {
    const file = configFile(values);
    if (!file) {
      process.stderr.write('check-config needs --config PATH (or FLEETSCOPE_CONFIG)\n');
      return 2;
    }
    const result = await readConfig(file);
    if (!result.ok || !result.config) return 2;
    // Kubeconfig files, tables and secrets are part of the config: a missing file or context is refused too.
    const resolved = resolveConfig(result.config);
    if (!resolved.ok) {
      printProblems(file, resolved.problems);
      return 2;
    }
    process.stdout.write(`${file}: valid (${resolved.resolved.clusters.length} clusters)\n`);
    return 0;
  },

  async serve({ values }) {
    const result = await readFleet(values);
    if (!result.ok) return 2;
    const portText = typeof values.port === 'string' ? values.port : process.env.PORT;
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      process.stderr.write(`--port: must be a whole number from 0 to 65535 (got ${JSON.stringify(portText)})\n`);
      return 2;
    }
    const scenarioText = typeof values.scenario === 'string' ? values.scenario : process.env.FLEETSCOPE_DEMO_SCENARIOS;
    const scenarios = scenarioText === undefined ? { ok: true as const, requests: [...DEMO_SCENARIOS] } : parseScenarioList(scenarioText);
    if (!scenarios.ok) {
      process.stderr.write(`--scenario: ${scenarios.problems.join('; ')}\n`);
      return 2;
    }
    const adminText = typeof values['sim-admin-port'] === 'string' ? values['sim-admin-port'] : (process.env.FLEETSCOPE_SIM_ADMIN_PORT ?? '0');
    const adminPort = Number(adminText);
    if (!Number.isInteger(adminPort) || adminPort < 0 || adminPort > 65535) {
      process.stderr.write(`--sim-admin-port: must be a whole number from 0 to 65535 (got ${JSON.stringify(adminText)})\n`);
      return 2;
    }
    if (values['build-web-if-missing']) await buildWebIfMissing();
    const logger = createLogger();
    const app = await startFleetscope({
      config: result.config,
      logger,
      host: typeof values.host === 'string' ? values.host : process.env.HOST,
      port,
      demoDir: path.join(PROJECT_ROOT, 'data', 'demo'),
      demoScenarios: scenarios.requests,
      demoAdminPort: adminPort,
      webConfigFile: typeof values['web.config.file'] === 'string' ? values['web.config.file'] : undefined,
    });
    // Before the line that says it runs: a SIGHUP sent on reading it must find the handler, not the default (exit).
    const reload = () => void app.reload(SIGNAL('SIGHUP'));
    process.on('SIGHUP', reload);
    process.stderr.write(`fleetscope is running at ${app.url}/\n`);
    if (app.demo)
      process.stderr.write(
        `simulated clusters: kubectl --kubeconfig ${path.relative(process.cwd(), app.demo.kubeconfigPath)} --context sim-${app.demo.clusters[0]?.name} get nodes\n`,
      );
    if (app.demo?.adminUrl) process.stderr.write(`simulator scenarios: curl ${app.demo.adminUrl}/scenarios (docs/simulator.md)\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        process.off('SIGHUP', reload);
        void app.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    logger.flush();
    return 0;
  },
};

/** A file system refusal to write (the demo's files, the store's folder), with the path it names; null for anything else. */
function unwritablePath(error: unknown): { path: string; code: string } | null {
  if (!(error instanceof Error) || !('code' in error) || !('path' in error)) return null;
  const { code, path: file } = error;
  return typeof file === 'string' && (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') ? { path: file, code } : null;
}

const OPTIONS = {
  config: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'build-web-if-missing': { type: 'boolean' },
  scenario: { type: 'string' },
  'sim-admin-port': { type: 'string' },
  'web.config.file': { type: 'string' },
  format: { type: 'string' },
  selector: { type: 'string' },
  'fail-on': { type: 'string' },
  'allow-partial': { type: 'boolean' },
  'rate-window': { type: 'string' },
  days: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  server: { type: 'string' },
  'ca-file': { type: 'string' },
  'token-file': { type: 'string' },
  'from-context': { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** parseArgs' refusal in a sentence: an unknown flag with the one probably meant, as kubectl words it. */
function usageProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (!unknown) return `${message}\n\n${USAGE}`;
  const [, dashes, flag] = unknown;
  const hint = didYouMean(flag!, Object.keys(OPTIONS), (c) => `--${c}`);
  return `unknown flag: ${dashes}${flag}${hint}\nSee 'fleetscope --help' for usage.\n`;
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    process.stderr.write(usageProblem(error));
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.values.version) {
    // Worded as Prometheus' `--version`, so scripts that read one read the other.
    const build = readBuildInfo();
    process.stdout.write(`fleetscope, version ${build.version} (branch: ${build.branch}, revision: ${build.revision})\n  node version: ${build.nodeVersion}\n`);
    return 0;
  }
  const name = parsed.positionals[0] ?? 'serve';
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"${didYouMean(name, Object.keys(commands))}\nSee 'fleetscope --help' for usage.\n`);
    return 2;
  }
  try {
    return await command({ values: parsed.values, positionals: parsed.positionals });
  } catch (error) {
    if (error instanceof AccessRefused) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof StoreOpenFailed) {
      const { file, fault } = error;
      process.stderr.write(`fleetscope cannot use its store ${file}: ${fault.message}.\nWhat to do: ${STORE_REMEDIES[fault.problem](file)}.\n`);
      return EXIT_STORE;
    }
    const unwritable = unwritablePath(error);
    if (unwritable) {
      process.stderr.write(
        `fleetscope cannot write ${unwritable.path}: ${unwritable.code === 'EROFS' ? 'the file system is read-only' : 'permission denied'} (${unwritable.code}).\nWhat to do: make data/ (or store.path's folder) writable by the user fleetscope runs as; in the container image, mount a volume at /app/data.\n`,
      );
      return 1;
    }
    // What the config points at is read when the command starts fleetscope: its problems are the config's.
    if (!(error instanceof ConfigProblems)) throw error;
    printProblems(fleetSource(parsed.values), error.problems);
    return 2;
  }
}
