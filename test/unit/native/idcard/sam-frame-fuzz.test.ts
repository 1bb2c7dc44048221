import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FRAME_LEN, FrameDecoder, encodeResponse, toHex } from '../../../../native/idcard/sam-frame.ts';

/** Small deterministic PRNG so a failure reproduces exactly. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s = (s ^ (s >>> 13)) >>> 0;
    return s / 0x100000000;
  };
}

describe('FrameDecoder under random and mutated input', () => {
  it('never throws, stays bounded and recovers the intact frames among ~20k chunks', () => {
    const rand = prng(20240611);
    const int = (n: number) => Math.floor(rand() * n);
    const decoder = new FrameDecoder();
    const bound = 7 + DEFAULT_MAX_FRAME_LEN;
    const sent: string[] = [];
    const received: string[] = [];
    let checksumErrors = 0;
    let lengthErrors = 0;
    let chunks = 0;

    const feed = (bytes: Uint8Array) => {
      // Cut every piece of traffic into random read sizes, as a tty would.
      for (let offset = 0; offset < bytes.length; ) {
        const size = 1 + int(64);
        const results = decoder.push(bytes.subarray(offset, offset + size));
        offset += size;
        chunks++;
        for (const r of results) {
          if (r.kind === 'frame') received.push(toHex(r.frame.body));
          else if (r.error.code === 'checksum') checksumErrors++;
          else lengthErrors++;
        }
        expect(decoder.bufferedBytes).toBeLessThanOrEqual(bound);
      }
    };

    while (chunks < 20_000) {
      const kind = int(10);
      const data = Uint8Array.from({ length: int(40) }, () => int(256));
      const frame = encodeResponse(0x90, data);
      if (kind < 4) {
        sent.push(toHex(frame.subarray(7, frame.length - 1)));
        feed(frame);
      } else if (kind < 6) {
        feed(Uint8Array.from({ length: int(200) }, () => int(256)));
      } else if (kind < 8) {
        const mutated = frame.slice();
        const at = 7 + int(mutated.length - 7);
        mutated[at] = mutated[at]! ^ (1 + int(255));
        feed(mutated);
      } else if (kind < 9) {
        feed(frame.subarray(0, 5 + int(frame.length - 5)));
      } else {
        // A header announcing more than any real frame, or less than the smallest one.
        const len = rand() < 0.5 ? int(3) : DEFAULT_MAX_FRAME_LEN + 1 + int(60000);
        feed(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, len >> 8, len & 0xff));
      }
    }

    expect(checksumErrors).toBeGreaterThan(0);
    expect(lengthErrors).toBeGreaterThan(0);
    // Every intact frame came through in order except the few swallowed when a cut frame plus the
    // bytes after it happened to pass the one-byte check (about 1 in 256 cut frames).
    let matched = 0;
    let cursor = 0;
    for (const body of sent) {
      const found = received.indexOf(body, cursor);
      if (found >= 0) {
        matched++;
        cursor = found + 1;
      }
    }
    expect(sent.length).toBeGreaterThan(3000);
    expect(matched / sent.length).toBeGreaterThan(0.99);
  });
});
