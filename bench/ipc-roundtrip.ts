/**
 * One small KioskApi call (getTerminalInfo, getNetworkState) answered by the core in a process of
 * its own, through each shell's transport:
 *   - browser shell: `npm run serve` as a child process (the production entry), the token taken
 *     with a one-time launch code, calls over the loopback WebSocket from this process;
 *   - Electron shell: the core host forked as the main process forks it, calls from the preload's
 *     transport over a MessagePort. utilityProcess and MessageChannelMain are EMULATED here (a Node
 *     child, the port carried over the fork IPC channel: test/support), so these figures include
 *     Node's IPC, not Chromium's Mojo.
 * For comparison, the same calls dispatched inside this process with no transport at all: the
 * difference is what the process boundary costs. The load average is printed too: on shared
 * cores, p99 follows the machine's load more than this code.
 * Sequential calls (the screen waits for each answer). Target: p99 ≤ 2 ms.
 * Needs a built renderer (the serve entry refuses to start without one). Run: node --import tsx bench/ipc-roundtrip.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { KioskApi } from '../electron/contract/kiosk-api.ts';
import { createKioskCore } from '../electron/core/kiosk-core.ts';
import { createLogger } from '../electron/core/logging/logger.ts';
import { startCoreHostProcess } from '../electron/shells/electron/main/core-host-process.ts';
import { createKioskApi } from '../electron/shells/electron/preload/kiosk-bridge.ts';
import { createPortTransport, type RendererPortLike } from '../electron/shells/electron/preload/port-transport.ts';
import { emulatedMessageChannelMain, type EmulatedMessagePortMain } from '../test/support/emulated-message-channel.ts';
import { emulatedCoreHostFork } from '../test/support/emulated-utility-process.ts';
import { ms, percentile, row } from './bench-stats.ts';

const root = resolve(import.meta.dirname, '..');
const WARMUP = 300;
const RUNS = 3000;
const TARGET_P99_MS = 2;
type Call = () => Promise<unknown>;

async function measure(call: Call): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function report(label: string, sorted: number[], judged = true): void {
  const p99 = percentile(sorted, 99);
  const verdict = judged ? `  target p99 ≤ ${TARGET_P99_MS} ms  ${p99 <= TARGET_P99_MS ? 'OK' : 'OVER'}` : '';
  row(label, `p50 ${ms(percentile(sorted, 50), 3)}  p99 ${ms(p99, 3)}  max ${ms(sorted.at(-1) ?? NaN, 3)}  (n=${sorted.length})${verdict}`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The serve entry as a child; resolves with its one-time kiosk URL once it is listening. */
function startServe(dataDir: string, port: number): Promise<{ child: ChildProcess; launchUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/shells/browser/serve.ts', '--data-dir', dataDir, '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /Kiosk URL \(one-time link, works once\): (\S+)/.exec(out);
      if (match) done({ child, launchUrl: match[1] as string });
    });
    child.once('exit', (code) => fail(new Error(`serve exited (code ${code}) before it was listening`)));
  });
}

/** A minimal WebSocket client in the renderer's frame format (the renderer's own client needs a DOM). */
async function webSocketCall(launchUrl: string): Promise<{ call: (method: string) => Promise<unknown>; close(): void }> {
  const url = new URL(launchUrl);
  const code = url.hash.replace('#code=', '');
  const exchange = await fetch(new URL('/kiosk-launch', url), {
    method: 'POST',
    headers: { Origin: url.origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const { token } = (await exchange.json()) as { token: string };
  const socket = new WebSocket(`ws://${url.host}/kiosk-api`, ['kiosk.v1', `kiosk-token.${token}`], { origin: url.origin });
  await new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  const waiting = new Map<number, (value: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id: number; response: unknown };
    if (message.type === 'result') waiting.get(message.id)?.(message.response);
    waiting.delete(message.id);
  });
  let nextId = 1;
  return {
    call: (method) =>
      new Promise((done) => {
        const id = nextId++;
        waiting.set(id, done);
        socket.send(JSON.stringify({ type: 'call', id, method, payload: {} }));
      }),
    close: () => socket.close(),
  };
}

function rendererPort(port: EmulatedMessagePortMain): RendererPortLike {
  const view: RendererPortLike = { postMessage: (message) => port.postMessage(message), onmessage: null, close: () => port.close() };
  port.on('message', ({ data }) => view.onmessage?.({ data }));
  port.start();
  return view;
}

const work = mkdtempSync(join(tmpdir(), 'kiosk-bench-ipc-'));
const quiet = { warn: () => undefined, error: () => undefined };
try {
  console.log(`KioskApi round trip to the core in its own process (sequential calls; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);

  const local = await createKioskCore({
    dataDir: join(work, 'local'),
    resourcesDir: join(root, 'resources'),
    shell: 'browser',
    logger: createLogger({ level: 'error', write: () => undefined }),
  });
  try {
    const context = { shell: 'browser' as const, connectionId: 'bench' };
    console.log('  baseline: dispatched in this process, no transport');
    report('getTerminalInfo', await measure(() => local.apiHost.dispatch('getTerminalInfo', {}, context)), false);
    report('getNetworkState', await measure(() => local.apiHost.dispatch('getNetworkState', {}, context)), false);
  } finally {
    await local.shutdown();
  }

  const serve = await startServe(join(work, 'browser'), await freePort());
  try {
    const ws = await webSocketCall(serve.launchUrl);
    console.log('  browser shell: WebSocket on loopback to `npm run serve`');
    report('getTerminalInfo', await measure(() => ws.call('getTerminalInfo')));
    report('getNetworkState', await measure(() => ws.call('getNetworkState')));
    ws.close();
  } finally {
    serve.child.kill('SIGTERM');
    await new Promise((done) => serve.child.once('exit', done));
  }

  const host = await startCoreHostProcess<EmulatedMessagePortMain>({
    fork: emulatedCoreHostFork({ execArgv: ['--import', 'tsx'] }),
    script: join(root, 'electron/core/host/core-host-main.ts'),
    start: { dataDir: join(work, 'electron'), resourcesDir: join(root, 'resources') },
    print: async () => undefined,
    restart: () => undefined,
    onUnexpectedExit: () => undefined,
    logger: quiet,
  });
  try {
    const { port1, port2 } = emulatedMessageChannelMain();
    host.connect(port1, 'bench');
    const transport = createPortTransport();
    transport.attach(rendererPort(port2));
    const api: KioskApi = createKioskApi(transport);
    console.log('  Electron shell: MessagePort to the core host (utility process EMULATED by a Node child)');
    report('getTerminalInfo', await measure(() => api.getTerminalInfo({})));
    report('getNetworkState', await measure(() => api.getNetworkState({})));
  } finally {
    await host.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
