/**
 * Real terminal cores for the console's demo and end-to-end tests: each one is the production
 * browser terminal (electron/shells/browser/browser-terminal.ts via the `npm start` stack) in a
 * process of its own, with simulated ID-card reader, receipt printer and QR scanner over PTYs, the
 * reference upstream on loopback, its own data directory, terminal id and site, its fleet agent
 * pointed at the console's broker and trusting the console's signing key. By default each runs
 * under the browser shell's process supervisor (as `npm run supervise` runs it on a terminal), so
 * killing one is an unplanned restart the watchdog records and the fleet hears about.
 *
 * API (stable; other tests build on it):
 *
 *   const [t] = await startTerminalCores({ count: 1, brokerUrl, trustedKey });
 *   // per terminal config: startTerminalCores({ …, configFor: (id) => ({ payments: { notifyTag: … } }) })
 *   // payment server behaviour: { …, paymentServer: { queryLagMs } }
 *   // or: const t = await startTerminalCore({ terminalId: 'KM-0001', brokerUrl, trustedKey, site });
 *   t.terminalId, t.url (kiosk origin / healthz), t.panelUrl (simulator panel), t.dataDir,
 *   t.launchUrlFile (a fresh one-time kiosk UI link is always in it)
 *   t.pid()                              the kiosk process now (changes after a restart)
 *   await t.printer({ paperOut: true })  printer simulator condition (paperNearEnd, coverOpen …);
 *   await t.printer({ paperOut: false }) paper back
 *   await t.simulate('/card/present', { sample: 'resident' })   any simulator panel action
 *   await t.simulate('/payment/phone-pays')   the phone pays the code the kiosk shows (主扫)
 *   await t.kill()                       SIGKILL the kiosk process group; supervised: resolves when
 *                                        the watchdog has it running again (unsupervised: once dead).
 *                                        The brake applies: past `brake` restarts it stays out of service
 *   await t.stop()                       SIGTERM, clean goodbye on the broker; removes a temp data dir
 *   await stopAll(terminals)
 *
 * Needs the built renderer only for opening the kiosk UI (not for the fleet side), socat for the
 * PTYs, and a broker at brokerUrl (mqtt:// to loopback is allowed by the config rules).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DeviceIsolation } from '../../../electron/core/devices/configured-devices.ts';
import { ProcessSupervisor } from '../../../electron/shells/shared/watchdog/supervisor.ts';
import { watchdogRestartsPath } from '../../../electron/core/watchdog/restart-record.ts';
import { READY_PREFIX, type TerminalCoreSpec } from './terminal-core-spec.ts';

export interface TerminalSite {
  region?: string;
  hall?: string;
  tags?: string[];
}

export interface TerminalCoreOptions {
  /** Must look like 'KM-0001' (the terminal config's rule). */
  terminalId: string;
  /** The console's broker, e.g. mqtt://127.0.0.1:1883. */
  brokerUrl: string;
  /** Default 'kiosk', the console's default. */
  topicPrefix?: string;
  /** The console's command and bundle signing key (public half): goes into the config's `publicKeys`. */
  trustedKey?: { id: string; key: string };
  site?: TerminalSite;
  /** Fleet groups (targets.groups of signed commands). */
  groups?: string[];
  /** Default 5 s, so a demo fleet looks alive. */
  heartbeatSeconds?: number;
  /** MQTT user name; the password goes into `credentials/fleet-password` beside the data directory. */
  mqttUsername?: string;
  mqttPassword?: string;
  /** Kept by stop(); default a temporary folder that stop() removes. */
  baseDir?: string;
  /** Merged last into the first start's config override. */
  configOverride?: Record<string, unknown>;
  /** Run under the process supervisor (default true): a killed core is restarted and the restart recorded. */
  supervised?: boolean;
  /** The supervisor's restart brake (default 3 unplanned restarts in 10 minutes, then out of service). */
  brake?: { maxRestarts: number; windowMs: number };
  /** Drivers in the kiosk process (default) or one child per driver as in production. */
  deviceIsolation?: DeviceIsolation;
  projectRoot?: string;
  /** The kiosk's output lines (default: dropped unless TERMINAL_CORES_VERBOSE is set). */
  onOutput?: (terminalId: string, line: string) => void;
  /** How long to wait for the kiosk to come up (default 60 s). */
  startTimeoutMs?: number;
  /** The terminal's reference payment server: `queryLagMs` hides a payment from order queries that long (a test of the notify relay). */
  paymentServer?: { queryLagMs?: number };
}

export interface TerminalCoreHandle {
  readonly terminalId: string;
  /** The kiosk's own origin (…/healthz answers there). */
  readonly url: string;
  /** The simulator panel (paper out, cover open, place a card, network down). */
  readonly panelUrl: string;
  /** Holds a fresh one-time kiosk UI link (needs the built renderer: npm run build:renderer). */
  readonly launchUrlFile: string | undefined;
  readonly dataDir: string;
  readonly site: TerminalSite | undefined;
  pid(): number | undefined;
  printer(condition: { paperOut?: boolean; paperNearEnd?: boolean; coverOpen?: boolean; offline?: boolean }): Promise<void>;
  simulate(path: string, body?: Record<string, unknown>): Promise<unknown>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface TerminalCoresOptions extends Omit<TerminalCoreOptions, 'terminalId' | 'site' | 'baseDir'> {
  count: number;
  /** Ids are `${idPrefix}-0001`, … (default 'DEMO'). */
  idPrefix?: string;
  /** Sites by index; default demoSite(i). */
  site?: (index: number) => TerminalSite;
  /** Each terminal gets `<baseDir>/<terminalId>/`; default temporary folders. */
  baseDir?: string;
  /** One terminal's own config (its payment relay tag, say), merged over `configOverride`. */
  configFor?: (terminalId: string, index: number) => Record<string, unknown>;
}

const PROCESS_ENTRY = fileURLToPath(new URL('./terminal-core-process.ts', import.meta.url));
const DEFAULT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A small fleet across two regions, three halls and a few tags, so grouping shows something. */
export function demoSite(index: number): TerminalSite {
  const halls = [
    { region: '昆明市', hall: '五华区政务服务中心' },
    { region: '昆明市', hall: '盘龙区政务服务中心' },
    { region: '大理州', hall: '大理市市民服务中心' },
  ] as const;
  const place = halls[index % halls.length] ?? halls[0];
  return { region: place.region, hall: place.hall, tags: index % 2 === 0 ? ['credit-query', '24h'] : ['public-security'] };
}

export async function startTerminalCores(options: TerminalCoresOptions): Promise<TerminalCoreHandle[]> {
  const { count, idPrefix = 'DEMO', site = demoSite, baseDir, configFor, ...common } = options;
  // One after another: two cores compiling and opening SQLite at once on a 2-core machine only race.
  const started: TerminalCoreHandle[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const terminalId = `${idPrefix}-${String(i + 1).padStart(4, '0')}`;
      const configOverride = configFor ? merge(common.configOverride ?? {}, configFor(terminalId, i)) : common.configOverride;
      started.push(await startTerminalCore({ ...common, terminalId, site: site(i), ...(configOverride ? { configOverride } : {}), ...(baseDir ? { baseDir: join(baseDir, terminalId) } : {}) }));
    }
  } catch (error) {
    await stopAll(started);
    throw error;
  }
  return started;
}

export async function stopAll(terminals: readonly TerminalCoreHandle[]): Promise<void> {
  await Promise.all(terminals.map((t) => t.stop().catch(() => undefined)));
}

export async function startTerminalCore(options: TerminalCoreOptions): Promise<TerminalCoreHandle> {
  const base = options.baseDir ?? mkdtempSync(join(tmpdir(), `terminal-${options.terminalId}-`));
  const dataDir = join(base, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (options.mqttPassword !== undefined) {
    const credentials = join(base, 'credentials');
    mkdirSync(credentials, { recursive: true, mode: 0o700 });
    writeFileSync(join(credentials, 'fleet-password'), options.mqttPassword, { mode: 0o600 });
  }
  const [port, panelPort] = [await freePort(), await freePort()];
  const spec: TerminalCoreSpec = {
    dataDir,
    port,
    panelPort,
    projectRoot: resolve(options.projectRoot ?? DEFAULT_ROOT),
    deviceIsolation: options.deviceIsolation ?? 'in-process',
    logLevel: 'warn',
    ...(options.paymentServer ? { paymentServer: options.paymentServer } : {}),
    configOverride: merge(
      {
        terminalId: options.terminalId,
        ...(options.site ? { site: options.site } : {}),
        publicKeys: options.trustedKey ? [options.trustedKey] : [],
        fleet: {
          enabled: true,
          brokerUrl: options.brokerUrl,
          topicPrefix: options.topicPrefix ?? 'kiosk',
          heartbeatSeconds: options.heartbeatSeconds ?? 5,
          ...(options.mqttUsername ? { username: options.mqttUsername } : {}),
          ...(options.groups ? { groups: options.groups } : {}),
        },
      },
      options.configOverride ?? {},
    ),
  };
  const env: NodeJS.ProcessEnv = { ...process.env, TERMINAL_CORE_SPEC: JSON.stringify(spec), KIOSK_PORT: String(port) };
  // The parent's systemd credentials are not this terminal's: it reads `<base>/credentials`.
  delete env.CREDENTIALS_DIRECTORY;
  const args = ['--import', 'tsx', PROCESS_ENTRY];
  const output = options.onOutput ?? (process.env.TERMINAL_CORES_VERBOSE ? (id: string, line: string) => process.stderr.write(`[${id}] ${line}\n`) : () => undefined);
  const ready = new ReadyLines();
  const onLine = (line: string) => {
    if (line.startsWith(READY_PREFIX)) ready.push(JSON.parse(line.slice(READY_PREFIX.length)) as ReadyInfo);
    else output(options.terminalId, line);
  };
  const timeoutMs = options.startTimeoutMs ?? 60_000;

  let child: ChildProcess | undefined;
  let supervisor: ProcessSupervisor | undefined;
  if (options.supervised ?? true) {
    supervisor = new ProcessSupervisor({
      command: process.execPath,
      args,
      env,
      cwd: spec.projectRoot,
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      probeIntervalMs: 1000,
      startupGraceMs: timeoutMs,
      stopTimeoutMs: 15_000,
      restartRecordPath: watchdogRestartsPath(dataDir),
      ...(options.brake ? { brake: options.brake } : {}),
      onOutput: onLine,
    });
    supervisor.start();
  } else {
    // Its own process group, as under the supervisor: kill() takes the socat PTYs down with it.
    child = spawn(process.execPath, args, { cwd: spec.projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', onLine);
  }
  const exited = child ? new Promise<void>((done) => child?.once('exit', () => done())) : undefined;

  const removeBase = options.baseDir === undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (supervisor) await supervisor.stop();
      else if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (removeBase) await rm(base, { recursive: true, force: true });
    })());

  let info: ReadyInfo;
  try {
    info = await ready.next(timeoutMs, () => (child && child.exitCode !== null ? `exited with code ${child.exitCode}` : undefined));
  } catch (error) {
    await stop();
    throw new Error(`terminal ${options.terminalId} did not start: ${(error as Error).message}`, { cause: error });
  }

  const pid = () => supervisor?.pid ?? (child?.exitCode === null ? child.pid : undefined);
  const panel = new URL(info.panelUrl);
  const simulate = async (path: string, body: Record<string, unknown> = {}): Promise<unknown> => {
    const response = await fetch(new URL(path, panel), { method: 'POST', headers: { 'content-type': 'application/json', 'x-sim-panel': '1' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    terminalId: options.terminalId,
    url: info.url,
    panelUrl: info.panelUrl,
    launchUrlFile: info.launchUrlFile,
    dataDir,
    site: options.site,
    pid,
    printer: async (condition) => {
      await simulate('/printer/condition', condition);
    },
    simulate,
    kill: async () => {
      const victim = pid();
      if (victim === undefined) throw new Error(`terminal ${options.terminalId} is not running`);
      const again = supervisor ? ready.next(timeoutMs) : undefined;
      // The whole group, as a power cut or the OOM killer would: drivers and socat go too.
      process.kill(-victim, 'SIGKILL');
      if (exited) await exited;
      if (again) await again;
    },
    stop,
  };
}

interface ReadyInfo {
  url: string;
  panelUrl: string;
  upstreamUrl: string;
  launchUrlFile?: string;
  pid: number;
}

/** READY lines as they come: each start of the kiosk process prints one. */
class ReadyLines {
  #waiters: ((info: ReadyInfo) => void)[] = [];

  push(info: ReadyInfo): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter(info);
  }

  next(timeoutMs: number, failed?: () => string | undefined): Promise<ReadyInfo> {
    return new Promise((resolvePromise, reject) => {
      const timer = setInterval(() => {
        const why = failed?.();
        if (why !== undefined || Date.now() > deadline) {
          clearInterval(timer);
          reject(new Error(why ?? `no ready line within ${timeoutMs} ms`));
        }
      }, 100);
      const deadline = Date.now() + timeoutMs;
      this.#waiters.push((info) => {
        clearInterval(timer);
        resolvePromise(info);
      });
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: Json, extra: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return out;
}
