/**
 * Crash tests' children: a test-only entry bundled by esbuild (so no tsx loader sits between the
 * kill and the process), native modules left outside the bundle, and a run that SIGKILLs the child
 * after a delay from spawn (start-up) or from its READY line (work). Only complete output lines
 * count: a line cut by the kill was never acknowledged.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

/** Bundles `entry` to `outfile`; `natives` (better-sqlite3, serialport…) are imported from their real place. */
export async function bundleChild(entry: string, outfile: string, natives: readonly string[]): Promise<void> {
  const require = createRequire(import.meta.url);
  const resolved = new Map(natives.map((name) => [name, require.resolve(name)]));
  const filter = new RegExp(`^(${natives.join('|')})$`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'native-external',
        setup(b) {
          b.onResolve({ filter }, (args) => ({ path: resolved.get(args.path)!, external: true }));
        },
      },
    ],
  });
}

export interface ChildRun {
  lines: string[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `kill`: after a delay from spawn (start-up) or from the child's READY line (work). */
export type KillPlan = { from: 'spawn' | 'ready'; ms: number } | undefined;

export interface RunOptions {
  /** A child that hangs is killed after this; its run then ends as a kill. */
  guardMs: number;
  /** Kill at once when the child prints IDLE (nothing left to do), so runs stay short. */
  killWhenIdle?: boolean;
}

export function runKillableChild(script: string, args: readonly string[], kill: KillPlan, options: RunOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const killLater = (ms: number) => (timer = setTimeout(() => child.kill('SIGKILL'), ms));
    if (kill?.from === 'spawn') killLater(kill.ms);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (kill?.from === 'ready' && timer === undefined && stdout.includes('READY\n')) killLater(kill.ms);
      if (kill && options.killWhenIdle && stdout.includes('IDLE\n')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), options.guardMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ lines: stdout.split('\n').slice(0, -1), stderr, code, signal });
    });
  });
}

/**
 * The crash loop of a child that works through a list and ends with a `settled` line: each run on
 * the same data is killed at a random moment after READY, until one settles or `rounds` runs were
 * tried; then one run without a kill finishes what the killed ones left.
 */
export async function killUntilSettled(
  run: (round: number, kill: KillPlan) => Promise<ChildRun>,
  options: { rounds: number; maxKillMs: number; random: () => number },
): Promise<{ kills: number; last: ChildRun }> {
  let kills = 0;
  for (let round = 0; round < options.rounds; round++) {
    const killed = await run(round, { from: 'ready', ms: Math.floor(options.random() * options.maxKillMs) });
    if (killed.signal === 'SIGKILL') kills++;
    if (killed.lines.includes('settled')) break;
  }
  return { kills, last: await run(1000, undefined) };
}
