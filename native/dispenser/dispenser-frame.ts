/**
 * The card-dispenser module's serial framing, modelled on the CRT-591 / K720 family:
 *
 *   command   STX(F2) ADDR LENH LENL 'C' CM PM [DATA] ETX(03) BCC
 *   answer    STX(F2) ADDR LENH LENL 'P' CM PM ST0 ST1 ST2 [DATA] ETX BCC   (done)
 *             STX(F2) ADDR LENH LENL 'N' CM PM E1 E0 ETX BCC                (refused / failed)
 *
 * LEN counts the text ('C'/'P'/'N' onwards); BCC is the XOR of every byte from STX to ETX. The
 * single control bytes ACK (06), NAK (15) and ENQ (05) make the handshake: the module ACKs a good
 * command (NAKs a corrupt one), the host's ENQ tells it to execute, and the answer follows. A host
 * that receives a corrupt answer sends NAK and the module repeats its last answer without
 * executing anything again, so a move is never repeated by a retry.
 */
export const STX = 0xf2;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;
export const ENQ = 0x05;
export const EOT = 0x04;

/** Text bytes of a frame: 'C' command, 'P' positive answer, 'N' negative answer. */
export const TEXT_COMMAND = 0x43;
export const TEXT_POSITIVE = 0x50;
export const TEXT_NEGATIVE = 0x4e;

/** The longest text a frame may carry: keeps a corrupted length from swallowing the line. */
export const MAX_TEXT = 512;

export interface DispenserFrame {
  address: number;
  /** 'C', 'P' or 'N' as a byte, then CM, PM and the rest. */
  text: Uint8Array;
}

export function bcc(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

export function encodeFrame(address: number, text: Uint8Array): Uint8Array {
  if (text.length === 0 || text.length > MAX_TEXT) throw new RangeError(`frame text of ${text.length} bytes`);
  const out = new Uint8Array(text.length + 6);
  out[0] = STX;
  out[1] = address & 0xff;
  out[2] = (text.length >> 8) & 0xff;
  out[3] = text.length & 0xff;
  out.set(text, 4);
  out[4 + text.length] = ETX;
  out[5 + text.length] = bcc(out.subarray(0, 5 + text.length));
  return out;
}

export function encodeCommand(address: number, cm: number, pm: number, data: Uint8Array = new Uint8Array()): Uint8Array {
  const text = new Uint8Array(3 + data.length);
  text[0] = TEXT_COMMAND;
  text[1] = cm;
  text[2] = pm;
  text.set(data, 3);
  return encodeFrame(address, text);
}

export type DecodedItem =
  | { kind: 'control'; byte: typeof ACK | typeof NAK | typeof ENQ | typeof EOT }
  | { kind: 'frame'; frame: DispenserFrame }
  | { kind: 'bad-frame'; reason: 'checksum' | 'length' | 'etx' };

/**
 * Splits a byte stream into control bytes and frames. Bytes that cannot start either (line noise)
 * are skipped; a frame with a bad BCC or a missing ETX is reported so the receiver can NAK it.
 */
export class FrameDecoder {
  #buffer = new Uint8Array(0);

  reset(): void {
    this.#buffer = new Uint8Array(0);
  }

  push(chunk: Uint8Array): DecodedItem[] {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const items: DecodedItem[] = [];
    let i = 0;
    while (i < joined.length) {
      const b = joined[i]!;
      if (b === ACK || b === NAK || b === ENQ || b === EOT) {
        items.push({ kind: 'control', byte: b });
        i += 1;
        continue;
      }
      if (b !== STX) {
        i += 1;
        continue;
      }
      if (joined.length - i < 4) break;
      const len = (joined[i + 2]! << 8) | joined[i + 3]!;
      if (len === 0 || len > MAX_TEXT) {
        items.push({ kind: 'bad-frame', reason: 'length' });
        i += 1;
        continue;
      }
      const total = len + 6;
      if (joined.length - i < total) break;
      const frame = joined.subarray(i, i + total);
      if (frame[4 + len] !== ETX) {
        items.push({ kind: 'bad-frame', reason: 'etx' });
        i += 1;
        continue;
      }
      if (bcc(frame.subarray(0, 5 + len)) !== frame[5 + len]) {
        items.push({ kind: 'bad-frame', reason: 'checksum' });
        i += total;
        continue;
      }
      items.push({ kind: 'frame', frame: { address: frame[1]!, text: frame.slice(4, 4 + len) } });
      i += total;
    }
    this.#buffer = joined.slice(i);
    return items;
  }
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();
