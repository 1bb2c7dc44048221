/** The simulators' UART emulation the benchmarks rely on: no byte arrives before a real line could carry it. */
import { describe, expect, it } from 'vitest';
import { LineTiming, wireTimeMs } from '../../../../native/simulators/line-timing.ts';

describe('wire time at 8N1', () => {
  it('is 10 bits per byte: a 1,295-byte card answer takes 112.4 ms at 115200 baud', () => {
    expect(wireTimeMs(1295, 115200)).toBeCloseTo(112.413, 2);
    expect(wireTimeMs(96, 9600)).toBe(100);
  });
});

describe('LineTiming', () => {
  it('delivers each piece no sooner than its last byte could have crossed the line', async () => {
    const timing = new LineTiming(9600);
    const arrivals: { at: number; end: number }[] = [];
    let received = 0;
    // The clock starts before the command is received: started later, a loaded machine's gap
    // between the two would be counted against the line and fail a correct delivery.
    const started = performance.now();
    timing.commandReceived(10); // the command itself takes 10.4 ms to arrive
    await timing.deliver(new Uint8Array(100), async (chunk) => {
      received += chunk.length;
      arrivals.push({ at: performance.now() - started, end: received });
    });
    expect(received).toBe(100);
    expect(arrivals.length).toBe(4);
    for (const { at, end } of arrivals) expect(at).toBeGreaterThanOrEqual(wireTimeMs(10 + end, 9600));
  });
});
