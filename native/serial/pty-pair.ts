/**
 * A real pseudo-terminal pair made by socat, so simulators and drivers talk through the kernel's
 * tty layer exactly as they would through a USB-serial adapter.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Path the driver opens (what a real device's /dev/ttyUSB0 would be). */
  devicePath: string;
  /** Path the simulator opens. */
  simulatorPath: string;
  close(): Promise<void>;
}

export class SocatMissingError extends Error {
  constructor() {
    super('socat is not installed: run `apt-get install -y socat` (needed for simulated serial devices)');
    this.name = 'SocatMissingError';
  }
}

export async function createPtyPair(label = 'pty', timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), `kiosk-${label}-`));
  const devicePath = join(dir, 'device');
  const simulatorPath = join(dir, 'simulator');
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${simulatorPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new SocatMissingError() : error),
    );
    child.once('exit', (code) => reject(new Error(`socat exited early with code ${code}`)));
  });
  const deadline = Date.now() + timeoutMs;
  const ready = (async () => {
    while (!(existsSync(devicePath) && existsSync(simulatorPath))) {
      if (Date.now() > deadline) throw new Error(`socat did not create the PTY pair within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  await Promise.race([ready, spawnError]).catch((error: unknown) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  spawnError.catch(() => {});
  child.removeAllListeners('exit');
  let closed = false;
  return {
    // Resolve the links: serialport's lock and our logs should see the real /dev/pts/N.
    devicePath: realpathSync(devicePath),
    simulatorPath: realpathSync(simulatorPath),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
