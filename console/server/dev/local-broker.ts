/**
 * `npm run console` without a config: a local mosquitto for trying the console on one machine.
 * Anonymous access on loopback only; a real deployment runs its own broker with the ACL in
 * console/README.md and gives the console a config file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/opt/homebrew/sbin/mosquitto'];

export interface LocalBroker {
  url: string;
  stop(): Promise<void>;
}

export async function startLocalBroker(dataDir: string, port: number): Promise<LocalBroker> {
  const binary = CANDIDATES.find((path) => existsSync(path));
  if (!binary) throw new Error('mosquitto is not installed (apt-get install mosquitto, or run .ci/install-system-deps.sh)');
  mkdirSync(dataDir, { recursive: true });
  const conf = join(dataDir, 'mosquitto-dev.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 30000', 'log_dest stderr', 'log_type error', 'log_type warning', ''].join('\n'));
  const child: ChildProcess = spawn(binary, ['-c', conf], { stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 5000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (code ${child.exitCode}); is port ${port} taken? Set CONSOLE_MQTT_PORT.`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error('mosquitto did not open its port within 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
