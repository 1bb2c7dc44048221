/**
 * Supervisor for the browser-shell kiosk process: starts it, asks it `GET /healthz` every few
 * seconds, and restarts it when it exits or stops answering. Unplanned restarts go through the
 * restart brake; once the brake engages the supervisor serves a static out-of-service page on the
 * kiosk's own port (so the Chromium in front of it shows a message, not an error) and tries again
 * after a cool-down. A planned daily restart happens at the configured quiet hour.
 *
 *   idle → starting → running ⇄ restarting → … → out-of-service → starting …   stop() → stopped
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import { nextDailyRestart } from './daily-restart.ts';
import { probeHealth } from './health-probe.ts';
import { OUT_OF_SERVICE_CSP, outOfServicePage, type OutOfServiceText } from './out-of-service-page.ts';
import { RestartBrake, type RestartBrakePolicy } from './restart-brake.ts';
import { appendWatchdogRestart } from '../../../core/watchdog/restart-record.ts';

export type SupervisorState = 'idle' | 'starting' | 'running' | 'restarting' | 'out-of-service' | 'stopping' | 'stopped';

export interface SupervisorOptions {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** e.g. http://127.0.0.1:8780/healthz */
  healthUrl: string;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** Consecutive unanswered probes before a restart. */
  failuresBeforeRestart?: number;
  /** Time a fresh process gets to answer for the first time. */
  startupGraceMs?: number;
  /** SIGTERM, then SIGKILL after this long. */
  stopTimeoutMs?: number;
  brake?: RestartBrakePolicy;
  /** How long to stay out of service before trying again (the brake is released then). */
  outOfServiceRetryMs?: number;
  /** Local hour of the planned daily restart; null/undefined: none. */
  dailyRestartHour?: number | null;
  /** Serve the out-of-service page here while the kiosk is down for good (the kiosk's own port). */
  outOfServicePage?: { host: string; port: number; text?: OutOfServiceText };
  /**
   * Unplanned restarts are appended here (`<dataDir>/run/watchdog-restarts.jsonl`, see
   * core/watchdog/restart-record.ts) so the kiosk, once up again, can tell the fleet.
   */
  restartRecordPath?: string;
  /** Each line the child prints (stdout and stderr); defaults to dropping them. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  now?: () => Date;
}

export interface SupervisorEvents {
  state: [state: SupervisorState, detail: string];
  restart: [info: { reason: string; planned: boolean; restartsInWindow: number }];
  healthy: [info: { pid: number }];
  exit: [info: { pid: number; code: number | null; signal: NodeJS.Signals | null }];
}

const DEFAULTS = {
  probeIntervalMs: 5000,
  probeTimeoutMs: 2000,
  failuresBeforeRestart: 3,
  startupGraceMs: 30_000,
  stopTimeoutMs: 10_000,
  outOfServiceRetryMs: 30 * 60_000,
};

export class ProcessSupervisor extends EventEmitter<SupervisorEvents> {
  readonly #o: SupervisorOptions & typeof DEFAULTS;
  readonly #brake: RestartBrake;
  readonly #now: () => Date;
  #state: SupervisorState = 'idle';
  #child: ChildProcess | undefined;
  #startedAt = 0;
  #failures = 0;
  #probing = false;
  #probeTimer: NodeJS.Timeout | undefined;
  #dailyTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #oosServer: Server | undefined;
  /** Serialises restarts and stops: a probe failure and an exit may arrive together. */
  #transition: Promise<void> = Promise.resolve();

  constructor(options: SupervisorOptions) {
    super();
    this.#o = { ...DEFAULTS, ...stripUndefined(options) } as SupervisorOptions & typeof DEFAULTS;
    this.#brake = new RestartBrake(options.brake ?? { maxRestarts: 3, windowMs: 10 * 60_000 });
    this.#now = options.now ?? (() => new Date());
  }

  get state(): SupervisorState {
    return this.#state;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#state !== 'idle') throw new Error(`supervisor already ${this.#state}`);
    this.#spawn('first start');
    this.#probeTimer = setInterval(() => void this.#probe(), this.#o.probeIntervalMs);
    this.#scheduleDaily();
  }

  /** A planned restart (fleet command, staff button, daily): not counted by the brake. */
  restart(reason: string): Promise<void> {
    return this.#serialise(() => this.#restart(reason, true));
  }

  stop(): Promise<void> {
    return this.#serialise(async () => {
      if (this.#state === 'stopped') return;
      this.#setState('stopping', 'stop requested');
      clearInterval(this.#probeTimer);
      clearTimeout(this.#dailyTimer);
      clearTimeout(this.#retryTimer);
      await this.#killChild();
      await this.#closeOutOfServicePage();
      this.#setState('stopped', 'stopped');
    });
  }

  #spawn(reason: string): void {
    const child = spawn(this.#o.command, [...this.#o.args], {
      cwd: this.#o.cwd,
      env: this.#o.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a kiosk started through a wrapper (npx, sh) is stopped whole.
      detached: process.platform !== 'win32',
    });
    this.#child = child;
    this.#startedAt = Date.now();
    this.#failures = 0;
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = child[stream];
      if (source) createInterface({ input: source }).on('line', (line) => this.#o.onOutput?.(line, stream));
    }
    child.on('error', () => {
      // Spawn failures (missing binary) also arrive as 'exit' with a code; nothing more to do here.
    });
    child.on('exit', (code, signal) => {
      this.emit('exit', { pid: child.pid ?? 0, code, signal });
      if (this.#child !== child) return;
      this.#child = undefined;
      if (this.#state === 'starting' || this.#state === 'running') {
        void this.#serialise(() => this.#restart(`exited (${signal ?? `code ${String(code)}`})`, false));
      }
    });
    this.#setState('starting', reason);
  }

  async #probe(): Promise<void> {
    if (this.#probing || (this.#state !== 'starting' && this.#state !== 'running') || !this.#child) return;
    this.#probing = true;
    const child = this.#child;
    try {
      const result = await probeHealth(this.#o.healthUrl, this.#o.probeTimeoutMs);
      if (this.#child !== child) return;
      if (result.healthy) {
        this.#failures = 0;
        if (this.#state === 'starting') {
          this.#setState('running', 'answers /healthz');
          this.emit('healthy', { pid: child.pid ?? 0 });
        }
        return;
      }
      if (this.#state === 'starting' && Date.now() - this.#startedAt < this.#o.startupGraceMs) return;
      this.#failures++;
      if (this.#failures >= this.#o.failuresBeforeRestart) {
        await this.#serialise(() => this.#restart(`not answering (${result.reason})`, false));
      }
    } finally {
      this.#probing = false;
    }
  }

  async #restart(reason: string, planned: boolean): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return;
    if (!planned && !this.#brake.tryRestart(Date.now())) {
      this.#record(reason, true);
      await this.#enterOutOfService(reason);
      return;
    }
    if (!planned) this.#record(reason, false);
    this.#setState('restarting', reason);
    this.emit('restart', { reason, planned, restartsInWindow: this.#brake.count(Date.now()) });
    await this.#killChild();
    await this.#closeOutOfServicePage();
    this.#spawn(`restart: ${reason}`);
  }

  #record(reason: string, brakeEngaged: boolean): void {
    const path = this.#o.restartRecordPath;
    if (!path) return;
    try {
      appendWatchdogRestart(path, { at: this.#now().toISOString(), reason, restartsInWindow: this.#brake.count(Date.now()), ...(brakeEngaged ? { brakeEngaged } : {}) });
    } catch (error) {
      // The restart matters more than its record; say so where the supervisor's output goes.
      this.#o.onOutput?.(`watchdog restart not recorded in ${path}: ${(error as Error).message}`, 'stderr');
    }
  }

  async #enterOutOfService(reason: string): Promise<void> {
    this.#setState('out-of-service', `restart brake engaged after: ${reason}`);
    await this.#killChild();
    await this.#openOutOfServicePage();
    this.#retryTimer = setTimeout(() => {
      void this.#serialise(async () => {
        if (this.#state !== 'out-of-service') return;
        this.#brake.reset();
        await this.#closeOutOfServicePage();
        this.#spawn('retry after out of service');
      });
    }, this.#o.outOfServiceRetryMs);
  }

  #scheduleDaily(): void {
    const hour = this.#o.dailyRestartHour;
    if (hour === null || hour === undefined) return;
    const now = this.#now();
    const delay = nextDailyRestart(now, hour).getTime() - now.getTime();
    this.#dailyTimer = setTimeout(() => {
      void this.#serialise(async () => {
        if (this.#state === 'running' || this.#state === 'starting') await this.#restart('scheduled daily restart', true);
      }).finally(() => {
        if (this.#state !== 'stopping' && this.#state !== 'stopped') this.#scheduleDaily();
      });
    }, delay);
  }

  async #killChild(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal(child, 'SIGTERM');
    const timer = setTimeout(() => signal(child, 'SIGKILL'), this.#o.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }

  async #openOutOfServicePage(): Promise<void> {
    const page = this.#o.outOfServicePage;
    if (!page || this.#oosServer) return;
    const html = outOfServicePage(page.text);
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz') {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('out-of-service');
        return;
      }
      res.writeHead(503, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': OUT_OF_SERVICE_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Retry-After': '60',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(page.port, page.host, () => resolve());
      });
      this.#oosServer = server;
    } catch (error) {
      // Port still held (the old process lingering): the state and the event still say out of service.
      this.#o.onOutput?.(`out-of-service page not served: ${(error as Error).message}`, 'stderr');
    }
  }

  async #closeOutOfServicePage(): Promise<void> {
    const server = this.#oosServer;
    this.#oosServer = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  #setState(state: SupervisorState, detail: string): void {
    this.#state = state;
    this.emit('state', state, detail);
  }

  #serialise(task: () => Promise<void>): Promise<void> {
    const run = this.#transition.then(task, task);
    this.#transition = run.catch(() => {});
    return run;
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // Already gone.
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
