import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';
import { encodeIdText } from '../../../../native/idcard/id-text.ts';
import { SW3 } from '../../../../native/idcard/sam-status.ts';
import { IdCardError } from '../../../../native/idcard/idcard-reader.ts';
import { createIdCardRig, expectIdCardError, findCardPolls, type IdCardRig } from '../../../support/idcard-rig.ts';

let rig: IdCardRig;

beforeAll(async () => {
  rig = await createIdCardRig('idcard-faults');
  await rig.reader.open();
});

afterAll(async () => {
  await rig?.close();
});

beforeEach(() => {
  rig.sim.setFault('none');
  rig.sim.removeCard();
  rig.sim.clearCommands();
});

/** After any failure the very next read of a good card must succeed with intact data. */
async function expectNextReadSucceeds() {
  rig.sim.setFault('none');
  rig.sim.presentCard(sampleCards.resident);
  expect(await rig.reader.readCard({ timeoutMs: 2000 })).toEqual(sampleCards.resident);
  expect(rig.reader.state.state).toEqual({ kind: 'ready' });
}

describe('line and module faults', () => {
  it('reports a corrupted answer as a checksum error, then recovers', async () => {
    rig.sim.presentCard(sampleCards.resident);
    rig.sim.setFault('bad-checksum');
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'checksum');
    expect(error.message).toMatch(/check byte/);
    await expectNextReadSucceeds();
  });

  it('reads through line noise in front of every answer', async () => {
    rig.sim.presentCard(sampleCards.hmt);
    rig.sim.setFault('garbage-prefix');
    expect(await rig.reader.readCard({ timeoutMs: 2000 })).toEqual(sampleCards.hmt);
    expect(rig.sim.commandsReceived).toEqual(['2001', '2002', '3001']);
  });

  it('reassembles answers that arrive late and in small pieces', async () => {
    // What is tested is the reassembly of ~27 pieces, not a deadline: a reader with a roomy answer
    // timeout keeps a loaded CI machine's slow writes from turning this into a timeout test.
    const slowRig = await createIdCardRig('idcard-slow', { responseTimeoutMs: 3000 });
    try {
      await slowRig.reader.open();
      slowRig.sim.presentCard(sampleCards.foreign2023);
      slowRig.sim.setFault('slow');
      expect(await slowRig.reader.readCard({ timeoutMs: 8000 })).toEqual(sampleCards.foreign2023);
    } finally {
      await slowRig.close();
    }
  });

  it('rejects card data shorter than its length fields announce, then recovers', async () => {
    rig.sim.presentCard(sampleCards.resident);
    rig.sim.setFault('truncated');
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'invalid-card-data');
    expect(error.message).toMatch(/truncated: length fields announce 1284 bytes, received 1184/);
    await expectNextReadSucceeds();
  });

  it('times out on an answer cut half way, then recovers', async () => {
    rig.sim.presentCard(sampleCards.resident);
    rig.sim.setFault('cut-frame');
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'timeout');
    expect(error.message).toMatch(/did not answer 3001 within 400 ms/);
    await expectNextReadSucceeds();
  });

  it('times out when the module stays silent, then recovers', async () => {
    rig.sim.setFault('silent');
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'timeout');
    expect(error.message).toMatch(/did not answer 2001 within 400 ms/);
    await expectNextReadSucceeds();
  });

  it('surfaces a module error status with its machine code, then recovers', async () => {
    rig.sim.presentCard(sampleCards.resident);
    rig.sim.setFault('sam-error');
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'sam-status');
    expect(error.samStatus).toMatchObject({ sw3: 0x60, code: 'sam-self-check-failed' });
    expect(error.message).toMatch(/self-check/);
    await expectNextReadSucceeds();
  });

  it('surfaces a failed authentication (SW3 0x32) as a SAM status', async () => {
    rig.sim.presentCard(sampleCards.resident);
    rig.sim.setFault('sam-error', SW3.SAM_AUTH_CARD_FAILED);
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'sam-status');
    expect(error.samStatus?.code).toBe('sam-auth-card-failed');
    await expectNextReadSucceeds();
  });
});

describe('bad cards', () => {
  it('rejects a card whose identity number fails its checksum, without printing the number', async () => {
    const forged = { ...sampleCards.resident, idNumber: '110105194912310021' };
    rig.sim.presentCard(forged);
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'invalid-id-number');
    expect(error.message).toContain('110***********0021');
    expect(error.message).not.toContain(forged.idNumber);
    await expectNextReadSucceeds();
  });

  it('rejects a 2023 foreigner card with a bad checksum', async () => {
    rig.sim.presentCard({ ...sampleCards.foreign2023, idNumber: '911124198806150032' });
    await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'invalid-id-number');
  });

  it('rejects a text block of the wrong length', async () => {
    rig.sim.presentCard(new Uint8Array(200).fill(0x20));
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'invalid-card-data');
    expect(error.message).toMatch(/says 200 bytes, expected 256/);
    await expectNextReadSucceeds();
  });

  it('rejects a text block with an unknown card type flag', async () => {
    const block = encodeIdText(sampleCards.resident);
    block.set(Buffer.from('Q', 'utf16le'), 248);
    rig.sim.presentCard(block);
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'invalid-card-data');
    expect(error.message).toMatch(/card type flag/);
  });
});

describe('port and lifecycle', () => {
  it('refuses to become ready when the module does not answer the status check', async () => {
    const silentRig = await createIdCardRig('idcard-silent', { responseTimeoutMs: 200 });
    try {
      silentRig.sim.setFault('silent');
      await expectIdCardError(silentRig.reader.open(), 'timeout');
      expect(silentRig.reader.state.state.kind).toBe('error');
      await expectIdCardError(silentRig.reader.readCard({ timeoutMs: 100 }), 'port');
      // Once the module answers, the same reader object opens normally.
      silentRig.sim.setFault('none');
      await silentRig.reader.open();
      expect(silentRig.reader.state.state.kind).toBe('ready');
    } finally {
      await silentRig.close();
    }
  });

  it('reports a port that cannot be opened', async () => {
    const broken = await createIdCardRig('idcard-missing');
    await broken.close();
    await expectIdCardError(broken.reader.open(), 'port');
    expect(broken.reader.state.state.kind).toBe('error');
  });

  it('goes to error when the line disappears mid-read', async () => {
    // The heartbeat covers the case where the line vanishes while a command waits for its answer:
    // that command times out (a vanished tty reports nothing until written to), the next write fails.
    const lost = await createIdCardRig('idcard-lost', { heartbeatMs: 50 });
    try {
      await lost.reader.open();
      const read = lost.reader.readCard({ timeoutMs: 5000 });
      await expect.poll(() => findCardPolls(lost.sim), { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(1);
      void lost.pair.close();
      const error = await read.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IdCardError);
      expect(['port', 'timeout']).toContain((error as IdCardError).code);
      await expect.poll(() => lost.reader.state.state, { timeout: 3000, interval: 10 }).toMatchObject({
        kind: 'error',
        reason: expect.stringMatching(/serial port/),
      });
    } finally {
      await lost.close();
    }
    expect(lost.reader.state.state.kind).toBe('disconnected');
  });

  it('cancels a running read when closed', async () => {
    const closing = await createIdCardRig('idcard-closing');
    try {
      await closing.reader.open();
      const outcome = expectIdCardError(closing.reader.readCard({ timeoutMs: 5000 }), 'cancelled');
      await expect.poll(() => findCardPolls(closing.sim), { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(1);
      await closing.reader.close();
      const error = await outcome;
      expect(error.message).toMatch(/closed/);
      expect(closing.reader.state.state.kind).toBe('disconnected');
    } finally {
      await closing.close();
    }
  });
});
