/**
 * Card dispenser: one command round trip (command → ACK → ENQ → answer) over a real PTY at the
 * module's 9600 baud, with the simulator holding every byte back as long as a real 8N1 line would
 * (native/simulators/line-timing.ts). The floor is the wire time of those four transfers; the
 * module's own movement time is set to zero, so what is left above the floor is ours: framing,
 * the serialport binding, the tty and the event loop. Target: median overhead ≤ 10 ms.
 * Run: node --import tsx bench/dispenser-roundtrip.ts
 */
import { CardDispenser } from '../native/dispenser/card-dispenser.ts';
import { encodeCommand, encodeFrame } from '../native/dispenser/dispenser-frame.ts';
import { createPtyPair } from '../native/serial/pty-pair.ts';
import { DispenserSimulator } from '../native/simulators/dispenser-simulator.ts';
import { wireTimeMs } from '../native/simulators/line-timing.ts';
import { describeSummary, ms, row, summarize } from './bench-stats.ts';

const BAUD = 9600;
const RUNS = 100;
const WARMUP = 5;
const NUMBER = 'ZJ-330106-2026-000123';

// command frame + ACK + ENQ + answer frame ('P' CM PM ST0-2 [data])
const statusBytes = encodeCommand(0, 0x31, 0x30).length + 1 + 1 + encodeFrame(0, new Uint8Array(6)).length;
const readBytes = encodeCommand(0, 0x33, 0x30).length + 1 + 1 + encodeFrame(0, new Uint8Array(6 + NUMBER.length)).length;

async function measure(lineTiming: boolean, what: 'status' | 'read'): Promise<number[]> {
  const pair = await createPtyPair('bench-dispenser');
  const sim = new DispenserSimulator({ path: pair.simulatorPath, baudRate: BAUD, lineTiming, slots: { 1: NUMBER } });
  await sim.start();
  const dispenser = new CardDispenser({ path: pair.devicePath, baudRate: BAUD, statusPollMs: 0 });
  await dispenser.open();
  if (what === 'read') await dispenser.moveToRead(1);
  const times: number[] = [];
  try {
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      const t = performance.now();
      if (what === 'status') await dispenser.status();
      else if ((await dispenser.readCardNumber()) !== NUMBER) throw new Error('bench read another number');
      if (run >= WARMUP) times.push(performance.now() - t);
    }
  } finally {
    await dispenser.close();
    await sim.stop();
    await pair.close();
  }
  return times;
}

console.log(`Card dispenser command round trip at ${BAUD} baud 8N1 over a PTY (simulated CRT-591-style module)`);
for (const [what, bytes] of [
  ['status', statusBytes],
  ['read', readBytes],
] as const) {
  const floor = wireTimeMs(bytes, BAUD);
  const paced = summarize(await measure(true, what));
  const overhead = paced.median - floor;
  row(`${what}: ${bytes} bytes on the wire`, `${ms(floor)} floor`);
  row(`${what}: round trip, line timing emulated`, describeSummary(paced));
  row(`${what}: median overhead above the floor`, `${ms(overhead)} (target ≤ 10 ms) ${overhead <= 10 ? 'OK' : 'ABOVE TARGET'}`);
  row(`${what}: round trip, PTY at full speed`, describeSummary(summarize(await measure(false, what))));
}
