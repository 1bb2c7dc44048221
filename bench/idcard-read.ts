/**
 * ID card: time from the card being placed to a parsed, checked identity, over a real PTY at
 * 115200 baud, with the simulator holding every answer back as long as a real 8N1 line would
 * (native/simulators/line-timing.ts). The floor is the wire time of the bytes that must cross after
 * the card is placed: the answer to the find command that notices it (that command may already be on
 * the line), then select and read, commands and answers. Target: median overhead above that floor
 * ≤ 15 ms. Run: node --import tsx bench/idcard-read.ts
 */
import { interpretCardAnswer } from '../native/idcard/card-answer.ts';
import { encodeCardPayload } from '../native/idcard/card-payload.ts';
import { encodeIdText } from '../native/idcard/id-text.ts';
import { IdCardReader } from '../native/idcard/idcard-reader.ts';
import { encodeFrame, encodeResponse } from '../native/idcard/sam-frame.ts';
import { SW3 } from '../native/idcard/sam-status.ts';
import { createPtyPair } from '../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../native/simulators/idcard-simulator.ts';
import { wireTimeMs } from '../native/simulators/line-timing.ts';
import { sampleCards } from '../native/simulators/sample-cards.ts';
import { describeSummary, ms, row, summarize } from './bench-stats.ts';

const BAUD = 115200;
const RUNS = 30;
const WARMUP = 3;
const card = sampleCards.resident;

const { photoWlt, ...text } = card;
const readAnswer = encodeResponse(SW3.SUCCESS, encodeCardPayload({ text: encodeIdText(text), photo: photoWlt }, false));
const command = encodeFrame(0x20, 0x01).length;
const findAnswer = encodeResponse(SW3.FIND_SUCCESS, new Uint8Array(4)).length;
const selectAnswer = encodeResponse(SW3.SUCCESS, new Uint8Array(8)).length;
const flowBytes = findAnswer + 2 * command + selectAnswer + readAnswer.length;

const delay = (msValue: number) => new Promise((resolve) => setTimeout(resolve, msValue));

async function measure(emulateLineTiming: boolean): Promise<number[]> {
  const pair = await createPtyPair('bench-idcard');
  const sim = new IdCardSimulator({ path: pair.simulatorPath, baudRate: BAUD, emulateLineTiming });
  await sim.start();
  // Polling without pause: the line itself sets the pace, as with a reader polled back to back.
  const reader = new IdCardReader({ path: pair.devicePath, baudRate: BAUD, pollIntervalMs: 0, presencePollMs: 0, heartbeatMs: 0 });
  await reader.open();
  const times: number[] = [];
  try {
    for (let run = 0; run < WARMUP + RUNS; run++) {
      sim.removeCard();
      const read = reader.readCard({ timeoutMs: 5000 });
      // Let the reader poll an empty field for a while, landing the card at a random point of a poll.
      await delay(15 + Math.random() * 20);
      const placedAt = performance.now();
      sim.presentCard(card);
      const identity = await read;
      const elapsed = performance.now() - placedAt;
      if (identity.idNumber !== card.idNumber) throw new Error('bench read a different card');
      if (run >= WARMUP) times.push(elapsed);
    }
  } finally {
    await reader.close();
    await sim.stop();
    await pair.close();
  }
  return times;
}

function parseCost(): number[] {
  const response = { sw1: 0, sw2: 0, sw3: SW3.SUCCESS, data: readAnswer.subarray(10, readAnswer.length - 1) };
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    interpretCardAnswer(response, false);
    times.push(performance.now() - t);
  }
  return times.slice(200);
}

const floorMs = wireTimeMs(flowBytes, BAUD);
console.log(`ID card read at ${BAUD} baud 8N1 over a PTY (simulated SAM module, resident card)`);
row('read answer (30 01)', `${readAnswer.length} bytes = ${ms(wireTimeMs(readAnswer.length, BAUD))} on the wire`);
row('after placement: find answer, select, read', `${flowBytes} bytes = ${ms(floorMs)} floor`);
const paced = summarize(await measure(true));
row('placed → identity, line timing emulated', describeSummary(paced));
const overhead = paced.median - floorMs;
row('median overhead above the floor', `${ms(overhead)} (target ≤ 15 ms) ${overhead <= 15 ? 'OK' : 'ABOVE TARGET'}`);
const instant = summarize(await measure(false));
row('placed → identity, PTY at full speed', describeSummary(instant));
row('parsing + checks of one answer', describeSummary(summarize(parseCost()), 3));
console.log('  note: a production reader pauses pollIntervalMs (default 250 ms) between empty polls, which adds');
console.log('  on average half that interval before the card is first seen; it is left out here.');
