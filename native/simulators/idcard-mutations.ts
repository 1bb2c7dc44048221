/**
 * Ways a SAM answer gets damaged between the module and the host, as one seeded generator: the
 * simulator's 'mutate' fault sends them over a PTY and the fuzz tests push them through the decoder
 * by the hundred thousand. Each mutation says what it did, so a test can check the error it caused.
 */
import { encodeBody } from '../idcard/sam-frame.ts';

export type MutationKind =
  /** The frame stops early; the rest never comes. */
  | 'truncate'
  /** One byte anywhere (preamble, length, body, check) is changed. */
  | 'flip'
  /** The length field is changed, nothing else: the check no longer fits, or the frame never ends. */
  | 'wrong-length'
  /** A well-formed frame whose card data is shorter than its own length fields say. */
  | 'short-payload'
  /** A well-formed frame with bytes after the card data. */
  | 'long-payload'
  /** A well-formed frame with one data byte changed (text, photo or a length field). */
  | 'payload-flip'
  /** A well-formed frame with another status byte (SW3). */
  | 'status'
  /** The intact frame with random bytes (no preamble) before and after it. */
  | 'garbage-around'
  /** The intact frame cut into several reads. */
  | 'split';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'truncate',
  'flip',
  'wrong-length',
  'short-payload',
  'long-payload',
  'payload-flip',
  'status',
  'garbage-around',
  'split',
];

export interface Mutation {
  kind: MutationKind;
  /** Byte offset or size involved, for replaying a failure. */
  at: number;
}

export interface MutatedAnswer {
  mutation: Mutation;
  /** Bytes as separate writes (reads on the host side), in order. */
  pieces: Uint8Array[];
}

export type Random = () => number;

/** Small deterministic PRNG (mulberry32-like) so a failing case reproduces from its seed. */
export function prng(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}

const HEADER = 7;

/** Random bytes that never contain the preamble's first byte, so they cannot start a frame. */
export function garbage(random: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => {
    const byte = Math.floor(random() * 255);
    return byte >= 0xaa ? byte + 1 : byte;
  });
}

function reframe(frame: Uint8Array, editBody: (body: Uint8Array) => Uint8Array): Uint8Array {
  return encodeBody(editBody(frame.slice(HEADER, frame.length - 1)));
}

/** Damages one complete answer frame (preamble … check). */
export function mutateAnswer(frame: Uint8Array, random: Random, kind?: MutationKind): MutatedAnswer {
  const int = (n: number) => Math.floor(random() * n);
  const chosen = kind ?? MUTATION_KINDS[int(MUTATION_KINDS.length)]!;
  const one = (bytes: Uint8Array, at: number): MutatedAnswer => ({ mutation: { kind: chosen, at }, pieces: [bytes] });
  // Body = SW1 SW2 SW3 data; data starts at body offset 3.
  const dataLength = frame.length - HEADER - 1 - 3;
  switch (chosen) {
    case 'truncate': {
      const at = 1 + int(frame.length - 1);
      return one(frame.slice(0, at), at);
    }
    case 'flip': {
      const at = int(frame.length);
      const out = frame.slice();
      out[at] = out[at]! ^ (1 + int(255));
      return one(out, at);
    }
    case 'wrong-length': {
      const out = frame.slice();
      const len = (out[5]! << 8) | out[6]!;
      const delta = (1 + int(64)) * (random() < 0.5 ? -1 : 1);
      const wrong = random() < 0.2 ? int(0x10000) : Math.max(0, Math.min(0xffff, len + delta));
      out[5] = wrong >> 8;
      out[6] = wrong & 0xff;
      return one(out, wrong);
    }
    case 'short-payload': {
      const cut = 1 + int(Math.max(1, dataLength));
      return one(reframe(frame, (body) => body.subarray(0, body.length - cut)), cut);
    }
    case 'long-payload': {
      const extra = 1 + int(32);
      return one(
        reframe(frame, (body) => {
          const out = new Uint8Array(body.length + extra);
          out.set(body);
          out.set(garbage(random, extra), body.length);
          return out;
        }),
        extra,
      );
    }
    case 'payload-flip': {
      const at = 3 + int(Math.max(1, dataLength));
      return one(
        reframe(frame, (body) => {
          if (at < body.length) body[at] = body[at]! ^ (1 + int(255));
          return body;
        }),
        at,
      );
    }
    case 'status': {
      const sw3 = int(256);
      return one(
        reframe(frame, (body) => {
          body[2] = sw3;
          return body;
        }),
        sw3,
      );
    }
    case 'garbage-around': {
      const before = garbage(random, int(40));
      const after = garbage(random, int(40));
      return { mutation: { kind: chosen, at: before.length }, pieces: [before, frame.slice(), after] };
    }
    case 'split': {
      const cuts = new Set<number>();
      const count = 1 + int(5);
      while (cuts.size < count) cuts.add(1 + int(frame.length - 1));
      const sorted = [...cuts].sort((a, b) => a - b);
      const pieces = [0, ...sorted].map((start, i) => frame.slice(start, sorted[i] ?? frame.length));
      return { mutation: { kind: chosen, at: count }, pieces };
    }
  }
}
