/**
 * The PTY-level counterpart of test/unit/idcard/sam-fuzz-100k.test.ts: the simulator damages its
 * card answers at random (seeded) on a real tty line, and after every damaged answer the very next
 * card reads intact. Kept to a few dozen rounds: each damaged answer may cost a response timeout.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';
import { IdCardError } from '../../../../native/idcard/idcard-reader.ts';
import { createIdCardRig, type IdCardRig } from '../../../support/idcard-rig.ts';
import type { MutationKind } from '../../../../native/simulators/idcard-mutations.ts';

const ROUNDS = 30;

let rig: IdCardRig;
let sim: IdCardRig['sim'];
let reader: IdCardRig['reader'];

beforeAll(async () => {
  rig = await createIdCardRig('idcard-fuzz', { pollIntervalMs: 10 }, { open: true });
  ({ sim, reader } = rig);
});

afterAll(async () => {
  await rig?.close();
});

describe('randomly damaged card answers over a PTY', () => {
  it(`gives a clear error or the right card ${ROUNDS} times, and always reads the next card`, async () => {
    sim.seedMutations(0xc0ffee);
    const outcomes = new Map<MutationKind, Set<string>>();
    for (let round = 0; round < ROUNDS; round++) {
      const card = Object.values(sampleCards)[round % 4]!;
      sim.presentCard(card);
      sim.setFault('mutate');
      let outcome: string;
      try {
        const read = await reader.readCard({ timeoutMs: 1000 });
        outcome = isDeepStrictEqual(read, card) ? 'same' : 'different';
      } catch (error) {
        if (!(error instanceof IdCardError)) throw error;
        expect(error.message).toMatch(/\w{4,}/);
        outcome = error.code;
      }
      const kind = sim.lastMutation!.kind;
      outcomes.set(kind, (outcomes.get(kind) ?? new Set()).add(outcome));
      expect(reader.state.state).toEqual({ kind: 'ready' });

      sim.setFault('none');
      const next = Object.values(sampleCards)[(round + 1) % 4]!;
      sim.presentCard(next);
      expect(await reader.readCard({ timeoutMs: 1000 })).toEqual(next);
    }
    // Intact frames behind noise or split across reads always read; damage the frame check or the
    // payload's own lengths can see never passes as the original card.
    for (const kind of ['garbage-around', 'split'] as const) {
      if (outcomes.has(kind)) expect(outcomes.get(kind)).toEqual(new Set(['same']));
    }
    for (const kind of ['truncate', 'flip', 'short-payload', 'long-payload'] as const) {
      expect(outcomes.get(kind)?.has('same') ?? false).toBe(false);
    }
    expect(outcomes.get('truncate') ?? new Set(['timeout'])).toEqual(new Set(['timeout']));
    expect(outcomes.size).toBeGreaterThanOrEqual(7);
  });
});
