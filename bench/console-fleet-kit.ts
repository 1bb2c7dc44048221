/**
 * Shared by the fleet console benchmarks (console-fleet-10k.ts, console-rollout-1k.ts): a real
 * mosquitto sized for a province, the terminal's heartbeat as the terminal core builds it, and
 * process figures read from /proc. Fictitious terminals only.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOSQUITTO } from '../test/support/mosquitto-broker.ts';
import { freePort } from '../test/support/loopback-probes.ts';
import { waitFor } from '../test/support/wait.ts';

export interface FleetBroker {
  url: string;
  pid: number;
  /** The broker's own open-files limit (each connection is one descriptor). */
  fdLimit: number;
  stop(): Promise<void>;
}

/**
 * mosquitto for `connections` clients. Each connection costs the broker one file descriptor, so the
 * process's open-files limit (`ulimit -n`) is the ceiling, not mosquitto's `max_connections`
 * (unlimited by default). The limit is raised in the broker's own shell before exec; a limit that
 * stays too low (no privilege to raise the hard limit) is an error with the figure, not a hang.
 */
export async function startFleetBroker(connections: number): Promise<FleetBroker> {
  const want = connections + 1024;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_connections -1',
      // The console is one client receiving the whole fleet's QoS 1 statuses: mosquitto's default
      // queue of 1,000 per client drops the rest without a word when a storm outruns the console's
      // acknowledgements. A storm is three messages per terminal (will, online, heartbeat).
      `max_queued_messages ${3 * connections}`,
      // Small messages on loopback: no Nagle delay on what the broker forwards.
      'set_tcp_nodelay true',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('sh', ['-c', `ulimit -n ${want} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" -c "$1"`, MOSQUITTO, conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => child.exitCode === null && portOpen(port), 5000, `mosquitto on port ${port}`, { intervalMs: 50 });
  } catch (error) {
    await stop();
    throw new Error(`mosquitto did not start: ${stderr || String(error)}`, { cause: error });
  }
  const fdLimit = openFilesLimit(child.pid!);
  if (fdLimit < connections + 16) {
    await stop();
    throw new Error(`mosquitto may open only ${fdLimit} files (ulimit -n) but ${connections} connections need one each: raise the hard limit (e.g. LimitNOFILE) and run again`);
  }
  return { url: `mqtt://127.0.0.1:${port}`, pid: child.pid!, fdLimit, stop };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The soft "Max open files" of a process. */
export function openFilesLimit(pid: number): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/** Resident memory now and its peak (VmHWM) in bytes, from /proc/<pid>/status. */
export function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export const terminalIdOf = (index: number): string => `KM-${String(index).padStart(5, '0')}`;

/**
 * A heartbeat as electron/core/fleet/heartbeat.ts builds it (every field the real terminal sends,
 * plus the `site` extension the console groups by), so the console's zod validation does its real
 * work on it.
 */
export function heartbeatPayload(index: number, at: Date, startedAt: number, configVersion = '2026-12-01.3'): string {
  return JSON.stringify({
    terminalId: terminalIdOf(index),
    at: at.toISOString(),
    appVersion: APP_VERSIONS[index % APP_VERSIONS.length],
    configVersion,
    uptimeSeconds: Math.max(0, Math.round((at.getTime() - startedAt) / 1000)),
    serviceMode: { mode: 'in-service', since: '2026-12-04T08:00:00.000Z' },
    devices: [
      { device: 'idcard', state: 'ready', flags: [] },
      { device: 'printer', state: 'ready', flags: index % 17 === 0 ? ['paper-near-end'] : [] },
      { device: 'scanner', state: 'ready', flags: [] },
      { device: 'camera', state: 'ready', flags: [] },
    ],
    queue: { pending: index % 3, failed: 0 },
    disk: { freeBytes: 12_000_000_000 + index, totalBytes: 64_000_000_000 },
    lastError: null,
    auditHead: { seq: 1000 + index, hash: 'b'.repeat(64) },
    droppedLogLines: 0,
    site: { region: REGIONS[index % REGIONS.length], hall: `hall-${index % 400}`, tags: index % 5 === 0 ? ['credit', 'police'] : ['credit'] },
  });
}

/** A fleet mid-upgrade: versions that sort differently as text and as numbers. */
const APP_VERSIONS = ['1.4.2', '1.4.10', '1.5.0'];
const REGIONS = ['五华区', '盘龙区', '官渡区', '西山区', '呈贡区', '晋宁区', '安宁市', '富民县', '宜良县', '石林县', '嵩明县', '禄劝县', '寻甸县', '东川区'];

export function statusPayload(index: number, state: 'online' | 'offline', at: Date, reason?: string): string {
  return JSON.stringify({ terminalId: terminalIdOf(index), state, at: at.toISOString(), appVersion: '1.4.2', ...(reason ? { reason } : {}) });
}

/** A helper script of bench/ in a child process with an IPC channel (its output goes to ours). */
export function benchChild(file: string, args: string[]): ChildProcess {
  return fork(join(dirname(fileURLToPath(import.meta.url)), file), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next message of a type from a child (the children answer in order). */
export function nextMessage<T extends { type: string }, K extends T['type']>(proc: ChildProcess, type: K, timeoutMs = 120_000): Promise<Extract<T, { type: K }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from ${proc.spawnargs.at(-1) ?? 'child'} within ${timeoutMs} ms`)), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      done();
      resolve(message as Extract<T, { type: K }>);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`child exited (${code}) while waiting for "${type}"`));
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

