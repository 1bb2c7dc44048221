/**
 * Chaos schedules for the reference upstream: healthy phases alternate with fault phases of
 * random kind and length, so a client sees outages start and end at arbitrary moments of its
 * work. Seeded, so a failing run can be replayed with the same schedule.
 */
import type { ReferenceUpstream, UpstreamFault } from './reference-upstream.ts';

export interface ChaosPhase {
  fault: UpstreamFault;
  ms: number;
}

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  /** Faults drawn for the failing phases. */
  faults: readonly UpstreamFault[];
  /** Length range of each phase. */
  phaseMs: readonly [min: number, max: number];
}

/** A small deterministic PRNG (mulberry32): Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function chaosSchedule(options: ChaosOptions): ChaosPhase[] {
  const random = seededRandom(options.seed);
  const [min, max] = options.phaseMs;
  const phases: ChaosPhase[] = [];
  let total = 0;
  for (let failing = true; total < options.durationMs; failing = !failing) {
    const ms = Math.min(Math.round(min + random() * (max - min)), options.durationMs - total);
    const fault = failing ? (options.faults[Math.floor(random() * options.faults.length)] ?? 'none') : 'none';
    phases.push({ fault, ms });
    total += ms;
  }
  return phases;
}

/** Plays the phases on the upstream; resolves when the last phase ended (the fault is then 'none'). */
export function playChaos(upstream: ReferenceUpstream, phases: readonly ChaosPhase[]): { done: Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const next = (index: number): void => {
    const phase = phases[index];
    if (phase === undefined) {
      upstream.setFault('none');
      finish();
      return;
    }
    upstream.setFault(phase.fault);
    timer = setTimeout(() => next(index + 1), phase.ms);
  };
  next(0);
  return {
    done,
    stop() {
      clearTimeout(timer);
      upstream.setFault('none');
      finish();
    },
  };
}
