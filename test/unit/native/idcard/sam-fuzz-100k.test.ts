/**
 * 100,000 damaged answers through the same code the reader runs on what comes off the line: the
 * frame decoder, then the answer interpreters. Pure (no I/O) so it stays a few seconds long; the
 * PTY-level counterpart is test/integration/idcard-fuzz-pty.test.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { interpretCardAnswer } from '../../../../native/idcard/card-answer.ts';
import { encodeCardPayload } from '../../../../native/idcard/card-payload.ts';
import { encodeIdText } from '../../../../native/idcard/id-text.ts';
import { IdCardError } from '../../../../native/idcard/idcard-error.ts';
import {
  DEFAULT_MAX_FRAME_LEN,
  FrameDecoder,
  encodeResponse,
  parseResponse,
  toHex,
  type DecodeResult,
  type SamResponse,
} from '../../../../native/idcard/sam-frame.ts';
import { encodeSamId, formatSamId } from '../../../../native/idcard/sam-id.ts';
import { SW3, samStatus } from '../../../../native/idcard/sam-status.ts';
import { garbage, MUTATION_KINDS, mutateAnswer, prng, type MutationKind } from '../../../../native/simulators/idcard-mutations.ts';
import { fillerPhoto, sampleCards } from '../../../../native/simulators/sample-cards.ts';
import type { IdCardData } from '../../../../native/idcard/id-card-data.ts';

interface Base {
  /** Card answers carry length fields of their own; the short answers do not. */
  card: boolean;
  frame: Uint8Array;
  /** What the reader does with the answer, as it does it. */
  interpret(response: SamResponse): unknown;
  expected: unknown;
}

function cardBase(card: IdCardData, withFingerprint: boolean): Base {
  const { photoWlt, fingerprint, ...text } = card;
  const data = encodeCardPayload({ text: encodeIdText(text), photo: photoWlt, ...(fingerprint ? { fingerprint } : {}) }, withFingerprint);
  return { card: true, frame: encodeResponse(SW3.SUCCESS, data), interpret: (r) => interpretCardAnswer(r, withFingerprint), expected: card };
}

const samId = '05.01-20230101-0000000001-2023000001';
const bases: Base[] = [
  ...Object.values(sampleCards).map((card) => cardBase(card, false)),
  cardBase({ ...sampleCards.resident, fingerprint: fillerPhoto(7, 1024) }, true),
  {
    card: false,
    frame: encodeResponse(SW3.SUCCESS, encodeSamId(samId)),
    interpret: (r) => {
      if (r.sw3 !== SW3.SUCCESS) throw new IdCardError('sam-status', samStatus(r.sw3).message);
      return formatSamId(r.data);
    },
    expected: samId,
  },
  {
    card: false,
    frame: encodeResponse(SW3.FIND_SUCCESS, new Uint8Array(4)),
    interpret: (r) => samStatus(r.sw3).code,
    expected: 'find-card-success',
  },
];

/** The reader's rule: the first complete frame answers, a bad check byte fails, noise is skipped. */
function firstAnswer(results: DecodeResult[]): { kind: 'frame'; response: SamResponse | undefined } | { kind: 'checksum' } | undefined {
  for (const r of results) {
    if (r.kind === 'frame') return { kind: 'frame', response: parseResponse(r.frame) };
    if (r.error.code === 'checksum') return { kind: 'checksum' };
  }
  return undefined;
}

type Outcome = 'ok-same' | 'ok-different' | 'timeout' | 'checksum' | `error:${string}`;

describe('100,000 damaged SAM answers through the decoder and the reader parsing path', () => {
  it('each gives the right data or a clear IdCardError, never a crash, and the next answer decodes', () => {
    const random = prng(0x5eed1234);
    const decoder = new FrameDecoder();
    const cardBases = bases.filter((b) => b.card);
    const shortBases = bases.filter((b) => !b.card);
    // Outcomes of card answers by mutation; short answers only have to fail cleanly.
    const byKind = new Map<MutationKind, Map<Outcome, number>>();
    let cardAnswers = 0;
    const started = performance.now();
    const recoveryFrame = encodeResponse(SW3.SUCCESS);
    let bytes = 0;
    let maxBuffered = 0;
    let vagueErrors = 0;
    let notRecovered = 0;

    for (let i = 0; i < 100_000; i++) {
      // One in four is a full card answer (1,295 bytes or more); the rest are the short answers
      // (find, SAM id) that make up most of the traffic on a real line.
      const pool = random() < 0.25 ? cardBases : shortBases;
      const base = pool[Math.floor(random() * pool.length)]!;
      const { mutation, pieces } = mutateAnswer(base.frame, random);
      // Each exchange starts from a clean decoder, as SamLink.exchange does.
      decoder.reset();
      const results: DecodeResult[] = [];
      for (const piece of pieces) {
        bytes += piece.length;
        results.push(...decoder.push(piece));
        maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
      }
      for (const r of results) {
        if (r.kind === 'error' && r.error.message.length < 10) vagueErrors++;
      }
      let outcome: Outcome;
      const answer = firstAnswer(results);
      if (!answer) outcome = 'timeout';
      else if (answer.kind === 'checksum') outcome = 'checksum';
      else if (!answer.response) outcome = 'error:protocol';
      else {
        try {
          const value = base.interpret(answer.response);
          outcome = isDeepStrictEqual(value, base.expected) ? 'ok-same' : 'ok-different';
        } catch (error) {
          // Anything but an IdCardError (a RangeError from a bad slice, a TypeError) is a driver bug.
          if (!(error instanceof IdCardError)) throw new Error(`case ${i} (${mutation.kind} at ${mutation.at}): ${String(error)}`, { cause: error });
          if (error.message.length < 10) vagueErrors++;
          outcome = `error:${error.code}`;
        }
      }
      if (base.card) {
        cardAnswers++;
        const counts = byKind.get(mutation.kind) ?? new Map<Outcome, number>();
        counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
        byKind.set(mutation.kind, counts);
      }

      // Recovery: the next, intact answer on the same decoder comes through.
      decoder.reset();
      if (decoder.push(recoveryFrame)[0]?.kind !== 'frame') notRecovered++;
    }

    expect(maxBuffered).toBeLessThanOrEqual(7 + DEFAULT_MAX_FRAME_LEN);
    expect(vagueErrors).toBe(0);
    expect(notRecovered).toBe(0);
    const seen = (kind: MutationKind) => new Set(byKind.get(kind)?.keys() ?? []);
    expect([...byKind.keys()].sort()).toEqual([...MUTATION_KINDS].sort());
    // Damage the frame check catches never passes as data; damage inside a well-formed frame is
    // caught by the payload's own length fields; intact frames always parse to the original.
    expect(seen('truncate')).toEqual(new Set(['timeout']));
    expect(seen('flip').has('ok-same')).toBe(false);
    expect(seen('flip').has('checksum')).toBe(true);
    expect(seen('wrong-length').has('timeout') && seen('wrong-length').has('checksum')).toBe(true);
    expect(seen('garbage-around')).toEqual(new Set(['ok-same']));
    expect(seen('split')).toEqual(new Set(['ok-same']));
    expect(seen('short-payload').has('ok-same')).toBe(false);
    expect(seen('long-payload').has('ok-same')).toBe(false);
    expect(seen('short-payload').has('error:invalid-card-data')).toBe(true);
    expect(seen('status').has('error:sam-status')).toBe(true);
    expect(cardAnswers).toBeGreaterThan(20_000);
    expect(bytes).toBeGreaterThan(30_000_000);
    // Generous bound: the point is "no hang", not a benchmark.
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('streams 100,000 frames, mutated frames and garbage in random read sizes without losing sync', () => {
    const random = prng(20240611);
    const int = (n: number) => Math.floor(random() * n);
    const decoder = new FrameDecoder();
    const sent: string[] = [];
    const received: string[] = [];
    let errors = 0;
    let maxBuffered = 0;
    const errorCodes = new Set<string>();
    const feed = (bytes: Uint8Array) => {
      for (let offset = 0; offset < bytes.length; ) {
        const size = 1 + int(96);
        for (const r of decoder.push(bytes.subarray(offset, offset + size))) {
          if (r.kind === 'frame') received.push(toHex(r.frame.body));
          else {
            errors++;
            errorCodes.add(r.error.code);
          }
        }
        offset += size;
        maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
      }
    };

    for (let frames = 0; frames < 100_000; frames++) {
      const frame = encodeResponse(0x90, Uint8Array.from({ length: int(48) }, () => int(256)));
      const roll = int(10);
      if (roll < 5) {
        sent.push(toHex(frame.subarray(7, frame.length - 1)));
        feed(frame);
      } else {
        for (const piece of mutateAnswer(frame, random).pieces) feed(piece);
      }
      if (int(4) === 0) feed(roll === 9 ? Uint8Array.from({ length: int(64) }, () => int(256)) : garbage(random, int(32)));
    }

    // Intact frames come through in order, except the rare one swallowed by a damaged frame just
    // before it whose length field made the decoder wait for more bytes.
    let matched = 0;
    let cursor = 0;
    for (const body of sent) {
      const found = received.indexOf(body, cursor);
      if (found >= 0) {
        matched++;
        cursor = found + 1;
      }
    }
    expect(errors).toBeGreaterThan(10_000);
    expect([...errorCodes].sort()).toEqual(['checksum', 'length']);
    expect(maxBuffered).toBeLessThanOrEqual(7 + DEFAULT_MAX_FRAME_LEN);
    expect(matched / sent.length).toBeGreaterThan(0.97);
    // Whatever state the stream left it in, one maximal frame's worth of noise later it is in sync.
    feed(new Uint8Array(7 + DEFAULT_MAX_FRAME_LEN));
    const last = encodeResponse(0x90, Uint8Array.of(1, 2, 3));
    const before = received.length;
    feed(last);
    expect(received.slice(before)).toEqual([toHex(last.subarray(7, last.length - 1))]);
  });
});
