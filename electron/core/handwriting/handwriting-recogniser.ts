/**
 * The handwriting recogniser: the helper native/handwriting/build/bianmin-handwriting (zinnia with
 * the tegaki simplified-Chinese model), kept running and fed one request per line.
 *
 * - The program is at a fixed path next to its source: no configuration names a program.
 * - Started on the first request, not at boot: a terminal whose citizens never write pays nothing.
 * - Each request has a time limit; a helper that overruns it is killed (it is stuck, and the
 *   requests behind it would wait too) and the request fails with HANDWRITING_UNAVAILABLE.
 * - A helper that dies is started again after the project's backoff (full jitter). Requests it
 *   had not answered are sent once more to the new helper; one that it dies on twice is refused,
 *   so a poison stroke set cannot keep the helper in a crash loop.
 * - A helper that stops before it is ready (program or model missing) fails the waiting requests
 *   at once; the next request tries again, after the backoff.
 * - Three failed starts in a row (binary or model missing, immediate crash) raise the
 *   `handwriting-unavailable` alert staff see; the next healthy answer clears it.
 * - zinnia's first CANDIDATE_POOL candidates are re-ranked by stroke shape regardless of stroke
 *   order and direction (shape-reranker.ts), then cut to the caller's limit: zinnia's model
 *   and the textbook stroke conventions disagree often enough to cost the right character its
 *   place in the first five (see bench/handwriting-accuracy.ts).
 * Recognition is read-only, so re-sending a request is always safe.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { fullJitterDelay, type BackoffPolicy } from '../../contract/rules/backoff.ts';
import type { AlertBoard } from '../alerts/alert-board.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { Logger } from '../logging/logger.ts';
import { errorMessage } from '../util/error-message.ts';
import { encodeRequest, parseHelperLine, type Stroke } from './helper-protocol.ts';
import { CANDIDATE_POOL, ShapeReranker } from './shape-reranker.ts';

/**
 * Where native/handwriting/build-helper.mjs puts the helper, under the app's root (a fixed place: no
 * config names a program). The core passes its root; the fallback from this file's place serves
 * tests and benches, and is computed only when asked, since a bundled core has no module URL.
 */
export function handwritingHelperPath(appDir?: string): string {
  const root = appDir ?? fileURLToPath(new URL('../../..', import.meta.url));
  return join(root, 'native', 'handwriting', 'build', 'bianmin-handwriting');
}

export const HANDWRITING_ALERT_ID = 'handwriting-unavailable';
/** A recognition takes ~25 ms; this is far beyond any healthy answer, well within a citizen's patience. */
const DEFAULT_REQUEST_TIMEOUT_MS = 3000;
/** Restarts come quickly at first (a citizen is writing), then back off towards half a minute. */
const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 30_000 };
const ALERT_AFTER_FAILURES = 3;
const MIN_RESTART_MS = 50;

export interface HandwritingRecogniserOptions {
  logger: Logger;
  alerts?: AlertBoard;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The app's root (resources/..), where the helper is built. */
  appDir?: string;
  /** Tests only (a missing program, a missing model): production always runs the fixed path. */
  helper?: { path: string; args?: readonly string[] };
  /** The shape re-ranking; false gives zinnia's own order (the benchmark's comparison figures). */
  reranker?: ShapeReranker | false;
}

interface Pending {
  readonly id: number;
  readonly line: string;
  readonly resolve: (candidates: string[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  written: boolean;
  resent: boolean;
}

const unavailable = (message: string): KioskError => new KioskError('HANDWRITING_UNAVAILABLE', message);

export class HandwritingRecogniser {
  readonly #options: HandwritingRecogniserOptions;
  readonly #logger: Logger;
  readonly #reranker: ShapeReranker | undefined;
  readonly #pending = new Map<number, Pending>();
  #child: ChildProcessWithoutNullStreams | undefined;
  #ready = false;
  #nextId = 1;
  #failures = 0;
  #restartAt = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #exited: Promise<void> = Promise.resolve();

  constructor(options: HandwritingRecogniserOptions) {
    this.#options = options;
    this.#logger = options.logger.child('handwriting');
    this.#reranker = options.reranker === false ? undefined : (options.reranker ?? new ShapeReranker());
    if (this.#reranker && !this.#reranker.available) {
      this.#logger.warn('handwriting reference strokes (hanzi-writer-data) missing: candidates keep zinnia order');
    }
  }

  /** The running helper's process id (tests crash it on purpose), if one is running. */
  get helperPid(): number | undefined {
    return this.#child?.pid;
  }

  /** Candidate characters for the strokes (already bounded by the contract), likeliest first. */
  async recognise(strokes: readonly Stroke[], limit: number): Promise<string[]> {
    const reranker = this.#reranker;
    if (!reranker?.available) return this.#classify(strokes, limit);
    const pool = await this.#classify(strokes, Math.max(limit, CANDIDATE_POOL));
    return (await reranker.rerank(strokes, pool)).slice(0, limit);
  }

  /** zinnia's own candidates, its best first. */
  #classify(strokes: readonly Stroke[], nbest: number): Promise<string[]> {
    if (this.#closed) return Promise.reject(unavailable('the recogniser is closed'));
    const id = this.#nextId++;
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => this.#timedOut(id), this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
      this.#pending.set(id, { id, line: encodeRequest(id, nbest, strokes), resolve, reject, timer, written: false, resent: false });
      this.#ensureRunning();
      this.#flush();
    });
  }

  /** Stops the helper (end of its stdin, then a kill if it lingers) and refuses what is waiting. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    for (const pending of this.#pending.values()) this.#settle(pending, unavailable('the recogniser is closing'));
    const child = this.#child;
    if (child) {
      child.stdin.end();
      const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
      await this.#exited;
      clearTimeout(kill);
    }
  }

  #ensureRunning(): void {
    if (this.#child || this.#closed || this.#restartTimer) return;
    const wait = this.#restartAt - Date.now();
    if (wait > 0 || this.#failures > 0) {
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined;
        if (this.#pending.size > 0 && !this.#child && !this.#closed) this.#start();
      }, Math.max(wait, 0));
      return;
    }
    this.#start();
  }

  #start(): void {
    const path = this.#options.helper?.path ?? handwritingHelperPath(this.#options.appDir);
    const child = spawn(path, [...(this.#options.helper?.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child = child;
    this.#ready = false;
    let down = false;
    let stderr = '';
    // A program that cannot be spawned (ENOENT) comes without pipes; its 'error' event follows.
    const { stdin, stdout, stderr: errors } = child as Partial<ChildProcessWithoutNullStreams>;
    this.#exited = new Promise<void>((resolve) => {
      const onDown = (reason: string): void => {
        if (down) return;
        down = true;
        resolve();
        this.#helperDown(child, reason, stderr);
      };
      child.on('error', (error) => onDown(errorMessage(error)));
      child.on('exit', (code, signal) => onDown(signal ? `signal ${signal}` : `exit ${code}`));
    });
    if (!stdin || !stdout || !errors) return;
    stdin.on('error', () => {
      // EPIPE when the helper died mid-write: the exit handler re-sends what was pending.
    });
    errors.setEncoding('utf8');
    errors.on('data', (text: string) => {
      stderr = (stderr + text).slice(-500);
    });
    createInterface({ input: stdout }).on('line', (line) => this.#onLine(child, line));
  }

  #onLine(child: ChildProcessWithoutNullStreams, line: string): void {
    if (child !== this.#child) return;
    const parsed = parseHelperLine(line);
    switch (parsed.kind) {
      case 'ready':
        this.#ready = true;
        this.#logger.info('handwriting helper ready', { characters: parsed.characters, pid: child.pid });
        this.#flush();
        return;
      case 'fatal':
        this.#logger.error('handwriting helper cannot start', { reason: parsed.reason });
        return;
      case 'answer': {
        this.#healthy();
        const pending = this.#pending.get(parsed.id);
        if (pending) this.#settle(pending, parsed.candidates);
        return;
      }
      case 'refused': {
        // The contract bounds every request before it gets here: a refusal is a bug on our side.
        this.#logger.error('handwriting helper refused a request', { reason: parsed.reason });
        const pending = this.#pending.get(parsed.id);
        if (pending) this.#settle(pending, new KioskError('INVALID_REQUEST', `handwriting helper refused the strokes: ${parsed.reason}`));
        return;
      }
      case 'garbled':
        this.#logger.warn('handwriting helper printed an unreadable line', { length: line.length });
    }
  }

  #flush(): void {
    const child = this.#child;
    if (!child || !this.#ready) return;
    for (const pending of this.#pending.values()) {
      if (pending.written) continue;
      pending.written = true;
      child.stdin.write(pending.line);
    }
  }

  #healthy(): void {
    if (this.#failures === 0) return;
    this.#failures = 0;
    this.#options.alerts?.clear(HANDWRITING_ALERT_ID);
  }

  #helperDown(child: ChildProcessWithoutNullStreams, reason: string, stderr: string): void {
    if (child !== this.#child) return;
    const wasReady = this.#ready;
    this.#child = undefined;
    this.#ready = false;
    if (this.#closed) return;
    this.#failures += 1;
    // Never straight away: a program that fails at once must not be respawned in a tight loop.
    const delay = Math.max(MIN_RESTART_MS, fullJitterDelay(this.#failures, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random));
    this.#restartAt = Date.now() + delay;
    this.#logger.warn('handwriting helper stopped', { reason, failures: this.#failures, restartInMs: delay, ...(stderr ? { stderr } : {}) });
    if (this.#failures >= ALERT_AFTER_FAILURES) {
      this.#options.alerts?.raise({
        id: HANDWRITING_ALERT_ID,
        kind: 'handwriting-unavailable',
        severity: 'warning',
        detail: `the handwriting recogniser stopped ${this.#failures} times in a row (last: ${reason}); citizens can still type pinyin`,
      });
    }
    // It never got going (program or model missing): waiting out the time limit would not help.
    if (!wasReady) {
      for (const pending of this.#pending.values()) this.#settle(pending, unavailable(`the handwriting recogniser cannot start (${reason})`));
      return;
    }
    let resending = 0;
    for (const pending of this.#pending.values()) {
      if (!pending.written) continue;
      if (pending.resent) {
        this.#settle(pending, unavailable('the handwriting recogniser stopped twice on these strokes'));
        continue;
      }
      pending.resent = true;
      pending.written = false;
      resending += 1;
    }
    if (resending > 0) this.#logger.info('handwriting requests re-sent to the next helper', { count: resending });
    if (this.#pending.size > 0) this.#ensureRunning();
  }

  #timedOut(id: number): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#settle(pending, unavailable('the handwriting recogniser did not answer in time'));
    if (pending.written && this.#child) {
      this.#logger.warn('handwriting helper overran a request: restarting it', { pid: this.#child.pid });
      this.#child.kill('SIGKILL');
    }
  }

  #settle(pending: Pending, outcome: string[] | Error): void {
    clearTimeout(pending.timer);
    this.#pending.delete(pending.id);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
