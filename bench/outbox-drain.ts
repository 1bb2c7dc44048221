/**
 * Drain throughput: 10,000 queued submissions delivered to the reference upstream on loopback
 * (run in its own process, as a real upstream would be), over five streams and over a single one
 * (strictly sequential: per-stream order allows no overlap).
 *   node --import tsx bench/outbox-drain.ts [--dir=/path] [--count=10000]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { NetworkMonitor } from '../electron/core/outbox/network-monitor.ts';
import { classifyFailure, SyncWorker } from '../electron/core/outbox/sync-worker.ts';
import { UpstreamClient } from '../electron/core/upstream/upstream-client.ts';
import { benchDir, formPayload, openBenchOutbox } from './outbox-kit.ts';

const count = Number(process.argv.find((arg) => arg.startsWith('--count='))?.slice(8) ?? 10_000);
const root = join(import.meta.dirname, '..');

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

async function startUpstream(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/upstream/main.ts', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const url = /listening on (\S+)/.exec(line.toString())?.[1];
  if (!url) throw new Error(`reference upstream did not start: ${line.toString()}`);
  return { url, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

async function drain(label: string, streams: readonly string[]): Promise<void> {
  const { dir, remove } = benchDir('drain');
  const upstream = await startUpstream();
  try {
    const { outbox, close } = openBenchOutbox(join(dir, 'kiosk.db'));
    for (let first = 0; first < count; first += 1000) {
      outbox.enqueueMany(
        Array.from({ length: Math.min(1000, count - first) }, (_, i) => {
          const n = first + i;
          return { stream: streams[n % streams.length]!, kind: 'form.v1', payload: formPayload(n) };
        }),
      );
    }
    const client = new UpstreamClient({ baseUrl: upstream.url, timeoutMs: 8000, terminalId: 'KM-0001' });
    const monitor = new NetworkMonitor({
      probe: () => client.checkHealth(),
      classify: (error) => (classifyFailure(error) === 'unreachable' ? 'unreachable' : 'error'),
    });
    await monitor.probeNow();
    const worker = new SyncWorker({ outbox, monitor, upstream: () => client });
    let delivered = 0;
    const done = new Promise<void>((resolve) =>
      outbox.on('settled', (item) => {
        if (item.status === 'delivered') delivered += 1;
        if (delivered === count) resolve();
      }),
    );
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const upstreamCpuBefore = cpuSecondsOf(upstream.pid);
    worker.start();
    await done;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const workerMs = (cpu.user + cpu.system) / 1000 / count;
    const workerSysMs = cpu.system / 1000 / count;
    const upstreamMs = ((cpuSecondsOf(upstream.pid) - upstreamCpuBefore) * 1000) / count;
    await worker.stop();
    close();
    const rate = count / seconds;
    console.log(`  ${label}: ${count} items in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} items/s (target >= 500: ${rate >= 500 ? 'met' : 'NOT met'})`);
    // Wall-clock rates depend on what else the machine runs; CPU per item does not.
    console.log(
      `    CPU per item: terminal ${workerMs.toFixed(3)} ms (${workerSysMs.toFixed(3)} in the kernel; ${(1000 / workerMs).toFixed(0)} items/s per core), ` +
        `upstream ${upstreamMs.toFixed(3)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    );
  } finally {
    upstream.stop();
    remove();
  }
}

console.log(`outbox drain to the loopback reference upstream`);
await drain('5 streams, 4 in flight', ['forms', 'commitments', 'evaluations', 'help', 'print-jobs']);
await drain('1 stream, sequential', ['forms']);
