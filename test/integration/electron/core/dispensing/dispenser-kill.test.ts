/**
 * Exactly-once hand-outs across SIGKILLs: the process that drives the dispenser (journal, engine,
 * driver) is killed 200 times at random points of its hand-outs, during start-up, reconciliation,
 * movements and the wait at the mouth, while the simulated module keeps moving cards as a real
 * one would. Citizens take most cards, leave some; some slots hold a copy of another certificate
 * (which must never leave); some moves jam or lose their answer. Between runs staff clear jams and
 * empty the bin, and new certificates are loaded. A last run reconciles without being killed.
 *
 * The count comes from the simulator's own record of cards that left the mouth: each certificate
 * left at most once, only its genuine card left, every card that left is journalled as taken (or
 * raised as unknown), every 'taken' really left, every 'captured' is in the bin, nothing is lost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { HandOutJournal, type CertificateCard } from '../../../../../electron/core/dispensing/handout-journal.ts';
import { createPtyPair, type PtyPair } from '../../../../../native/serial/pty-pair.ts';
import { DispenserSimulator } from '../../../../../native/simulators/dispenser-simulator.ts';
import { seededRandom } from '../../../../upstream/chaos.ts';
import { bundleChild, runKillableChild, type ChildRun, type KillPlan } from '../../../../support/killable-child.ts';
import { tempDir } from '../../../../support/outbox-stack.ts';

const LANES = 2;
const KILLS_PER_LANE = 100;
const SLOTS = 24;
const seed = Number(process.env.DISPENSER_KILL_SEED ?? Date.now() % 2 ** 31);
const random = seededRandom(seed);
let temp: ReturnType<typeof tempDir>;
let bundle = '';

function runChild(args: string[], kill: KillPlan): Promise<ChildRun> {
  return runKillableChild(bundle, args, kill, { guardMs: 20_000, killWhenIdle: true });
}

beforeAll(async () => {
  temp = tempDir('dispenser-kill');
  bundle = temp.path('dispenser-kill-child.mjs');
  await bundleChild(join(import.meta.dirname, 'dispenser-kill-child.ts'), bundle, ['better-sqlite3', 'serialport']);
});

afterAll(() => temp?.remove());

interface Physical {
  number: string;
  slot: number;
}

/** One terminal: its own PTY, simulator, database and manifest, killed KILLS_PER_LANE times. */
async function lane(index: number) {
  const pty: PtyPair = await createPtyPair(`dispenser-kill-${index}`);
  const manifest: CertificateCard[] = [];
  const genuine = new Map<string, Physical>();
  const copies: Physical[] = [];
  const emptiedBins: Physical[] = [];
  const sim = new DispenserSimulator({
    path: pty.simulatorPath,
    moveMs: 12,
    binCapacity: 1000,
    // Three citizens in four take their card, after a moment; the others walk away.
    citizen: () => (random() < 0.75 ? Math.floor(random() * 60) : undefined),
  });
  await sim.start();
  let next = 1;
  const refill = () => {
    const inChannel = sim.channel === 'empty' ? undefined : sim.cardInChannel;
    for (let slot = 1; slot <= SLOTS; slot += 1) {
      if (sim.slots.has(slot)) continue;
      if (inChannel !== undefined && sim.cardInChannel === inChannel && [...genuine.values(), ...copies].some((p) => p.slot === slot && p.number === inChannel)) continue;
      const id = `L${index}-C${String(next).padStart(4, '0')}`;
      next += 1;
      const card: CertificateCard = { certificateId: id, certificateNumber: `ZJ-${id}`, slot };
      manifest.push(card);
      const earlier = manifest.filter((c) => c.slot !== slot && c.certificateId !== id);
      if (earlier.length > 0 && random() < 0.06) {
        // A copy of another certificate, loaded in this certificate's slot by mistake.
        const other = earlier[Math.floor(random() * earlier.length)]!;
        sim.load(slot, other.certificateNumber);
        copies.push({ number: other.certificateNumber, slot });
      } else {
        sim.load(slot, card.certificateNumber);
        genuine.set(card.certificateNumber, { number: card.certificateNumber, slot });
      }
    }
  };
  const dbPath = temp.path(`lane-${index}.db`);
  const manifestPath = temp.path(`lane-${index}-manifest.json`);
  const ends: string[] = [];
  for (let run = 0; run < KILLS_PER_LANE; run += 1) {
    // Staff between runs: clear a jam (the card goes back to its slot), empty the bin, load more.
    sim.clearJam();
    emptiedBins.push(...sim.emptyBin());
    refill();
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const fault = random();
    if (fault < 0.04) sim.inject('jam');
    else if (fault < 0.1) sim.inject('drop-answer');
    else if (fault < 0.15) sim.inject('corrupt-answer');
    else if (fault < 0.2) sim.inject('nak');
    const plan: KillPlan = random() < 0.2 ? { from: 'spawn', ms: Math.floor(random() * 300) } : { from: 'ready', ms: Math.floor(random() * 500) };
    const result = await runChild([dbPath, pty.devicePath, manifestPath, 'work'], plan);
    if (result.signal !== 'SIGKILL') throw new Error(`lane ${index} run ${run} ended on its own (${result.code}): ${result.stderr.slice(0, 2000)}`);
    expect(result.lines.filter((l) => l.includes('crash:')), `seed ${seed}`).toEqual([]);
    ends.push(...result.lines.filter((l) => l.startsWith('END ')));
  }
  // The last run: reconcile only, not killed.
  sim.citizen = () => undefined;
  const drain = await runChild([dbPath, pty.devicePath, manifestPath, 'drain'], undefined);
  expect(drain.stderr, `seed ${seed}`).toBe('');
  expect(drain.lines.at(-1)).toBe('RECONCILED');
  sim.clearJam();
  await sim.stop();
  await pty.close();
  const db = openDatabase(dbPath, { migrations });
  const rows = new HandOutJournal(db).all();
  closeDatabase(db);
  return { manifest, genuine, copies, exits: sim.exits, bin: [...emptiedBins, ...sim.bin], slots: sim.slots, rows, ends };
}

describe('certificate hand-out across SIGKILLs', () => {
  it(`hands each certificate out at most once, counted by the simulator, across ${LANES * KILLS_PER_LANE} kills (seed ${seed})`, async () => {
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    let taken = 0;
    let captured = 0;
    let unknown = 0;
    for (const l of lanes) {
      const byNumber = new Map(l.manifest.map((c) => [c.certificateNumber, c]));
      const rowById = new Map(l.rows.map((r) => [r.certificateId, r]));
      // At most once, and only the genuine card.
      const exitNumbers = l.exits.map((e) => e.cardNumber);
      expect(exitNumbers.length - new Set(exitNumbers).size, `a certificate left twice (seed ${seed})`).toBe(0);
      for (const exit of l.exits) expect(exit.slot, `a wrong card left (seed ${seed})`).toBe(l.genuine.get(exit.cardNumber)?.slot);
      // Nothing left in silence: every card that left is journalled taken, or raised as unknown.
      for (const exit of l.exits) expect(['taken', 'unknown'], `seed ${seed}`).toContain(rowById.get(byNumber.get(exit.cardNumber)!.certificateId)?.state);
      // Nothing reported that did not happen; nothing open after the last reconcile.
      const exited = new Set(exitNumbers);
      const inBin = new Set(l.bin.map((c) => `${c.slot}:${c.number}`));
      for (const row of l.rows) {
        expect(['taken', 'captured', 'released', 'unknown'], `row ${row.certificateId} (seed ${seed})`).toContain(row.state);
        if (row.state === 'taken') {
          expect(exited.has(row.certificateNumber), `${row.certificateId} taken (seed ${seed})`).toBe(true);
          // Told to the upstream (the child's report always succeeds), however the run that saw it ended.
          expect(row.reported, `${row.certificateId} reported (seed ${seed})`).toBe(true);
        }
        if (row.state === 'captured') {
          // Its own card, or the copy that stood in its slot (wrong card, or captured before it was read).
          const card = l.bin.find((c) => c.slot === row.slot && (c.number === row.certificateNumber || l.copies.some((p) => p.slot === c.slot && p.number === c.number)));
          expect(card, `${JSON.stringify(row)} captured; bin from its slot: ${JSON.stringify(l.bin.filter((c) => c.slot === row.slot))} (seed ${seed})`).toBeDefined();
        }
        if (row.state === 'released') expect(l.slots.has(row.slot), `${row.certificateId} released (seed ${seed})`).toBe(true);
      }
      // Nothing lost: every genuine card is in its slot, in the bin, or left through the mouth.
      for (const card of l.genuine.values()) {
        const where = [l.slots.get(card.slot) === card.number, inBin.has(`${card.slot}:${card.number}`), exited.has(card.number)].filter(Boolean).length;
        expect(where, `${card.number} (seed ${seed})`).toBe(1);
      }
      // Copies never leave.
      for (const copy of l.copies) expect(l.exits.some((e) => e.slot === copy.slot && e.cardNumber === copy.number)).toBe(false);
      taken += l.rows.filter((r) => r.state === 'taken').length;
      captured += l.rows.filter((r) => r.state === 'captured').length;
      unknown += l.rows.filter((r) => r.state === 'unknown').length;
    }
    console.info(`dispenser kill test (seed ${seed}): ${taken} taken, ${captured} captured, ${unknown} unknown (staff), exits ${lanes.reduce((n, l) => n + l.exits.length, 0)}`);
    expect(taken, 'the children handed certificates out').toBeGreaterThan(20);
    expect(captured, 'some cards were captured back').toBeGreaterThan(0);
  }, 240_000);
});
