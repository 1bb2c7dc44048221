/**
 * A real mosquitto broker for the fleet tests, on a free loopback port with a generated config,
 * and a TCP proxy in front of it whose connections the test can cut (a pulled network cable: the
 * broker sees the agent vanish without a DISCONNECT and publishes its last will).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { freePort } from './loopback-probes.ts';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface Broker {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `auth` replaces the default `allow_anonymous true` with the given lines (password_file,
 * acl_file…), for tests of the documented broker ACL.
 */
export async function startMosquitto(options: { auth?: readonly string[] } = {}): Promise<Broker> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-mosquitto-'));
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(conf, [`listener ${port} 127.0.0.1`, ...(options.auth ?? ['allow_anonymous true']), 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', ''].join('\n'));
    const child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = await waitForPort(port, child, 5000);
    if (ready) {
      return {
        url: `mqtt://127.0.0.1:${port}`,
        port,
        stop: async () => {
          await stopChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= 3) throw new Error(`mosquitto did not start: ${stderr}`);
  }
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export interface CuttableProxy {
  port: number;
  url: string;
  /** Destroys every open connection, both directions, without any MQTT goodbye. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ port: targetPort, host: '127.0.0.1' });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    cutAll: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Observed {
  topic: string;
  text: string;
  retain: boolean;
  json(): Record<string, unknown>;
}

/** A fleet-side client that records everything under a topic filter. */
export async function observe(url: string, filter: string): Promise<{ client: MqttClient; messages: Observed[]; waitFor(pred: (m: Observed) => boolean, timeoutMs?: number): Promise<Observed> }> {
  const client = await connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0 });
  const messages: Observed[] = [];
  client.on('message', (topic, payload, packet) => {
    const text = payload.toString();
    messages.push({ topic, text, retain: packet.retain, json: () => JSON.parse(text) as Record<string, unknown> });
  });
  await client.subscribeAsync(filter, { qos: 1 });
  const waitFor = async (pred: (m: Observed) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; saw: ${messages.map((m) => `${m.topic} ${m.text.slice(0, 120)}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { client, messages, waitFor };
}
