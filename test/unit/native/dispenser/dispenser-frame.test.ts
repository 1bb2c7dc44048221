import { describe, expect, it } from 'vitest';
import { ACK, ENQ, ETX, FrameDecoder, NAK, STX, bcc, encodeCommand, encodeFrame } from '../../../../native/dispenser/dispenser-frame.ts';
import { decodeStatus, encodeStatus, slotBytes, statusFlags } from '../../../../native/dispenser/dispenser-commands.ts';

describe('dispenser framing', () => {
  it('frames a command as STX ADDR LEN TEXT ETX BCC with the XOR of everything before BCC', () => {
    const frame = encodeCommand(0x01, 0x32, 0x30, slotBytes(7));
    expect([...frame]).toEqual([STX, 0x01, 0x00, 0x05, 0x43, 0x32, 0x30, 0x30, 0x37, ETX, bcc(frame.subarray(0, 10))]);
  });

  it('decodes control bytes and frames from a stream split anywhere, skipping noise', () => {
    const frame = encodeFrame(0, Uint8Array.of(0x50, 0x31, 0x30, 0x30, 0x32, 0x30));
    const stream = Uint8Array.of(0x99, ACK, ...frame, ENQ);
    for (let split = 0; split <= stream.length; split += 1) {
      const decoder = new FrameDecoder();
      const items = [...decoder.push(stream.subarray(0, split)), ...decoder.push(stream.subarray(split))];
      expect(items.map((i) => i.kind)).toEqual(['control', 'frame', 'control']);
    }
  });

  it('reports a corrupt BCC, a missing ETX and an impossible length as bad frames, and resyncs', () => {
    const good = encodeFrame(0, Uint8Array.of(0x50, 0x31, 0x30, 0x30, 0x32, 0x30));
    const badBcc = good.slice();
    badBcc[badBcc.length - 1] = (good[good.length - 1] ?? 0) ^ 1;
    const badEtx = good.slice();
    badEtx[badEtx.length - 2] = 0x00;
    const decoder = new FrameDecoder();
    expect(decoder.push(badBcc)).toEqual([{ kind: 'bad-frame', reason: 'checksum' }]);
    expect(decoder.push(Uint8Array.of(...badEtx, ...good)).map((i) => (i.kind === 'bad-frame' ? i.reason : i.kind))).toContain('etx');
    expect(new FrameDecoder().push(Uint8Array.of(STX, 0, 0xff, 0xff, NAK))).toEqual([{ kind: 'bad-frame', reason: 'length' }, { kind: 'control', byte: NAK }]);
  });

  it('round-trips every status and refuses bytes no module sends', () => {
    for (const channel of ['empty', 'mouth', 'read', 'jammed'] as const)
      for (const stock of ['empty', 'low', 'ok'] as const)
        for (const binFull of [false, true]) expect(decodeStatus(encodeStatus({ channel, stock, binFull }))).toEqual({ channel, stock, binFull });
    expect(decodeStatus(Uint8Array.of(0x39, 0x30, 0x30))).toBeUndefined();
    expect(statusFlags({ channel: 'jammed', stock: 'low', binFull: true })).toEqual(['jammed', 'stock-low', 'bin-full']);
  });

  it('refuses a slot outside 1-99', () => {
    expect(() => slotBytes(0)).toThrow(RangeError);
    expect(() => slotBytes(100)).toThrow(RangeError);
  });
});
