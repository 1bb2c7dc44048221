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
  /** The stable symlink to the device end: it survives an unplug/replug at the same linkDir. */
  deviceLinkPath: string;
  simulatorLinkPath: string;
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /**
   * Directory for the `device` and `simulator` links. A new pair made in the same directory after
   * the previous one closed reappears at the same link paths, like a USB adapter plugged back in.
   * The caller owns the directory; close() removes only the links. Default: a fresh temp dir.
   */
  linkDir?: string;
}

export class SocatMissingError extends Error {
  constructor() {
    super('socat is not installed: run `apt-get install -y socat` (needed for simulated serial devices)');
    this.name = 'SocatMissingError';
  }
}

export async function createPtyPair(label = 'pty', timeoutMs = 5000, options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.linkDir === undefined;
  const dir = options.linkDir ?? mkdtempSync(join(tmpdir(), `kiosk-${label}-`));
  const devicePath = join(dir, 'device');
  const simulatorPath = join(dir, 'simulator');
  // Links left by a pair that was killed hard would make the wait below succeed too early.
  const removeLinks = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    else for (const link of [devicePath, simulatorPath]) rmSync(link, { force: true });
  };
  if (!ownDir) removeLinks();
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
    removeLinks();
    throw error;
  });
  spawnError.catch(() => {});
  child.removeAllListeners('exit');
  let closed = false;
  return {
    // Resolve the links: serialport's lock and our logs should see the real /dev/pts/N.
    devicePath: realpathSync(devicePath),
    simulatorPath: realpathSync(simulatorPath),
    deviceLinkPath: devicePath,
    simulatorLinkPath: simulatorPath,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      removeLinks();
    },
  };
}
