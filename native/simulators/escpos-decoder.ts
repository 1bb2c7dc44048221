/**
 * Decodes the ESC/POS subset our builder emits (plus the common commands around it) back into
 * what a customer would see on paper, independently of the builder, so tests compare the two.
 * Anything unknown or malformed becomes an entry in `errors` — a test sees it, nothing crashes.
 */
import iconv from 'iconv-lite';

export type DecodedAlign = 'left' | 'center' | 'right';

export type EscPosToken =
  | { kind: 'text'; bytes: Uint8Array }
  | { kind: 'lf' }
  | { kind: 'cr' }
  | { kind: 'ht' }
  | { kind: 'init' }
  | { kind: 'align'; align: DecodedAlign }
  | { kind: 'bold'; on: boolean }
  | { kind: 'underline'; mode: number }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'print-mode'; bold: boolean; doubleWidth: boolean; doubleHeight: boolean; underline: boolean }
  | { kind: 'feed'; lines: number }
  | { kind: 'chinese'; on: boolean }
  | { kind: 'setting'; name: string }
  | { kind: 'qr'; fn: number; params: Uint8Array }
  | { kind: 'raster'; widthBytes: number; heightDots: number; data: Uint8Array }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'status-request'; n: 1 | 2 | 3 | 4 }
  | { kind: 'unknown'; message: string };

export interface ScannedToken {
  token: EscPosToken;
  length: number;
}

const hex = (b: number | undefined): string => `0x${(b ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
const unknown = (length: number, message: string): ScannedToken => ({ token: { kind: 'unknown', message }, length });
const ALIGNS: Record<number, DecodedAlign> = { 0: 'left', 48: 'left', 1: 'center', 49: 'center', 2: 'right', 50: 'right' };

function scanEsc(b: Uint8Array, i: number): ScannedToken | undefined {
  const cmd = b[i + 1];
  if (cmd === undefined) return undefined;
  if (cmd === 0x40) return { token: { kind: 'init' }, length: 2 };
  if (cmd === 0x32) return { token: { kind: 'setting', name: 'default line spacing' }, length: 2 };
  const n = b[i + 2];
  if (n === undefined) return [0x61, 0x45, 0x2d, 0x64, 0x74, 0x21, 0x33, 0x4a, 0x4d, 0x47].includes(cmd) ? undefined : unknown(2, `unknown command ESC ${hex(cmd)}`);
  switch (cmd) {
    case 0x61: {
      const align = ALIGNS[n];
      return align ? { token: { kind: 'align', align }, length: 3 } : unknown(3, `ESC a with invalid alignment ${hex(n)}`);
    }
    case 0x45:
      return { token: { kind: 'bold', on: (n & 1) === 1 }, length: 3 };
    case 0x2d:
      return [0, 1, 2, 48, 49, 50].includes(n)
        ? { token: { kind: 'underline', mode: n % 48 }, length: 3 }
        : unknown(3, `ESC - with invalid underline mode ${hex(n)}`);
    case 0x64:
      return { token: { kind: 'feed', lines: n }, length: 3 };
    case 0x21:
      return {
        token: { kind: 'print-mode', bold: (n & 0x08) !== 0, doubleHeight: (n & 0x10) !== 0, doubleWidth: (n & 0x20) !== 0, underline: (n & 0x80) !== 0 },
        length: 3,
      };
    case 0x74:
      return { token: { kind: 'setting', name: `code page ${n}` }, length: 3 };
    case 0x33:
      return { token: { kind: 'setting', name: 'line spacing' }, length: 3 };
    case 0x4a:
      return { token: { kind: 'setting', name: 'feed dots' }, length: 3 };
    case 0x4d:
      return { token: { kind: 'setting', name: 'font' }, length: 3 };
    case 0x47:
      return { token: { kind: 'setting', name: 'double strike' }, length: 3 };
    default:
      return unknown(2, `unknown command ESC ${hex(cmd)}`);
  }
}

function scanGsParen(b: Uint8Array, i: number): ScannedToken | undefined {
  const fnClass = b[i + 2];
  const pL = b[i + 3];
  const pH = b[i + 4];
  if (fnClass === undefined || pL === undefined || pH === undefined) return undefined;
  const size = pL + pH * 256;
  const length = 5 + size;
  if (b.length < i + length) return undefined;
  if (fnClass !== 0x6b) return unknown(length, `unsupported command GS ( ${hex(fnClass)}`);
  const cn = b[i + 5];
  const fn = b[i + 6];
  if (size < 2 || cn === undefined || fn === undefined) return unknown(length, `GS ( k with parameter length ${size}`);
  if (cn !== 49) return unknown(length, `unsupported 2D symbol GS ( k cn=${cn} (only QR, cn=49)`);
  return { token: { kind: 'qr', fn, params: b.slice(i + 7, i + length) }, length };
}

function scanGs(b: Uint8Array, i: number): ScannedToken | undefined {
  const cmd = b[i + 1];
  if (cmd === undefined) return undefined;
  if (cmd === 0x28) return scanGsParen(b, i);
  if (cmd === 0x76) {
    if (b.length < i + 8) return undefined;
    if (b[i + 2] !== 0x30) return unknown(3, `unknown command GS v ${hex(b[i + 2])}`);
    const widthBytes = (b[i + 4] ?? 0) + (b[i + 5] ?? 0) * 256;
    const heightDots = (b[i + 6] ?? 0) + (b[i + 7] ?? 0) * 256;
    const length = 8 + widthBytes * heightDots;
    if (b.length < i + length) return undefined;
    return { token: { kind: 'raster', widthBytes, heightDots, data: b.slice(i + 8, i + length) }, length };
  }
  const n = b[i + 2];
  if (n === undefined) return [0x21, 0x56, 0x42, 0x4c, 0x57].includes(cmd) ? undefined : unknown(2, `unknown command GS ${hex(cmd)}`);
  switch (cmd) {
    case 0x21:
      return { token: { kind: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 }, length: 3 };
    case 0x56:
      if ([0, 1, 48, 49].includes(n)) return { token: { kind: 'cut', partial: n % 48 === 1 }, length: 3 };
      if ([65, 66, 97, 98, 103, 104].includes(n)) {
        if (b[i + 3] === undefined) return undefined;
        return { token: { kind: 'cut', partial: n % 2 === 0 }, length: 4 };
      }
      return unknown(3, `GS V with invalid cut mode ${hex(n)}`);
    case 0x42:
      return { token: { kind: 'setting', name: 'reverse' }, length: 3 };
    case 0x4c:
    case 0x57:
      if (b[i + 3] === undefined) return undefined;
      return { token: { kind: 'setting', name: cmd === 0x4c ? 'left margin' : 'print area width' }, length: 4 };
    default:
      return unknown(2, `unknown command GS ${hex(cmd)}`);
  }
}

function scanFs(b: Uint8Array, i: number): ScannedToken | undefined {
  const cmd = b[i + 1];
  if (cmd === undefined) return undefined;
  if (cmd === 0x26) return { token: { kind: 'chinese', on: true }, length: 2 };
  if (cmd === 0x2e) return { token: { kind: 'chinese', on: false }, length: 2 };
  if (cmd === 0x21 || cmd === 0x43 || cmd === 0x2d) {
    if (b[i + 2] === undefined) return undefined;
    return { token: { kind: 'setting', name: `FS ${hex(cmd)}` }, length: 3 };
  }
  return unknown(2, `unknown command FS ${hex(cmd)}`);
}

/**
 * The command starting at `offset`, or undefined when the bytes end mid-command (a stream reader
 * waits for more). Text runs stop at the first control byte; GB18030 never uses bytes < 0x30 after
 * a lead byte, so a run never swallows a command.
 */
export function scanEscPos(b: Uint8Array, offset: number): ScannedToken | undefined {
  const first = b[offset];
  if (first === undefined) return undefined;
  if (first >= 0x20 && first !== 0x7f) {
    let end = offset + 1;
    while (end < b.length && (b[end] ?? 0) >= 0x20 && b[end] !== 0x7f) end++;
    return { token: { kind: 'text', bytes: b.slice(offset, end) }, length: end - offset };
  }
  switch (first) {
    case 0x0a:
      return { token: { kind: 'lf' }, length: 1 };
    case 0x0d:
      return { token: { kind: 'cr' }, length: 1 };
    case 0x09:
      return { token: { kind: 'ht' }, length: 1 };
    case 0x1b:
      return scanEsc(b, offset);
    case 0x1d:
      return scanGs(b, offset);
    case 0x1c:
      return scanFs(b, offset);
    case 0x10: {
      const cmd = b[offset + 1];
      if (cmd === undefined) return undefined;
      if (cmd !== 0x04) return unknown(2, `unknown real-time command DLE ${hex(cmd)}`);
      const n = b[offset + 2];
      if (n === undefined) return undefined;
      return n >= 1 && n <= 4
        ? { token: { kind: 'status-request', n: n as 1 | 2 | 3 | 4 }, length: 3 }
        : unknown(3, `unsupported status request DLE EOT ${n}`);
    }
    default:
      return unknown(1, `unexpected control byte ${hex(first)}`);
  }
}

export interface DecodedRun {
  line: number;
  text: string;
  bold: boolean;
  underline: number;
  width: number;
  height: number;
  align: DecodedAlign;
}

export interface DecodedRaster {
  /** Index in `lines` where the image sits (it occupies its own place between lines). */
  line: number;
  widthDots: number;
  heightDots: number;
}

export interface DecodedReceipt {
  /** Printed lines, GB18030-decoded; blank lines are ''. */
  lines: string[];
  /** Payloads of printed QR codes (GS ( k fn 81 after fn 80), decoded as UTF-8 or GB18030. */
  qrCodes: string[];
  cut: boolean;
  cutKind?: 'full' | 'partial';
  runs: DecodedRun[];
  rasters: DecodedRaster[];
  /** Human-readable problems with their byte offsets; empty for well-formed input. */
  errors: string[];
}

export interface DecodeOptions {
  /** How QR payload bytes become text; default: UTF-8 when valid, otherwise GB18030. */
  qrEncoding?: 'utf8' | 'gb18030';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeQrPayload(bytes: Uint8Array, encoding: DecodeOptions['qrEncoding']): string {
  if (encoding === 'gb18030') return iconv.decode(Buffer.from(bytes), 'gb18030');
  try {
    return utf8.decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  }
}

/** Printer state while reading one receipt: styles apply to text, LF/feeds/cuts close lines. */
class ReceiptAssembler {
  readonly receipt: DecodedReceipt = { lines: [], qrCodes: [], cut: false, runs: [], rasters: [], errors: [] };
  #line: string | undefined;
  #style = { bold: false, underline: 0, width: 1, height: 1, align: 'left' as DecodedAlign };
  #chinese = false;
  #qrStored: Uint8Array | undefined;

  constructor(readonly options: DecodeOptions) {}

  error(offset: number, message: string): void {
    this.receipt.errors.push(`offset ${offset}: ${message}`);
  }

  #endLine(): void {
    this.receipt.lines.push(this.#line ?? '');
    this.#line = undefined;
  }

  apply(token: EscPosToken, offset: number): void {
    const r = this.receipt;
    switch (token.kind) {
      case 'text':
        return this.#text(token.bytes, offset);
      case 'lf':
        return this.#endLine();
      case 'feed':
        if (token.lines === 0 && this.#line !== undefined) this.#endLine();
        for (let i = 0; i < token.lines; i++) this.#endLine();
        return;
      case 'init':
        if (this.#line !== undefined) this.error(offset, 'ESC @ discarded text that was never printed (no LF)');
        this.#line = undefined;
        this.#style = { bold: false, underline: 0, width: 1, height: 1, align: 'left' };
        this.#chinese = false;
        return;
      case 'align':
        if (this.#line !== undefined) this.error(offset, 'ESC a in the middle of a line has no effect');
        this.#style.align = token.align;
        return;
      case 'bold':
        this.#style.bold = token.on;
        return;
      case 'underline':
        this.#style.underline = token.mode;
        return;
      case 'size':
        if (token.width > 8 || token.height > 8) this.error(offset, `GS ! size ${token.width}x${token.height} out of range 1..8`);
        this.#style.width = token.width;
        this.#style.height = token.height;
        return;
      case 'print-mode':
        this.#style = { ...this.#style, bold: token.bold, underline: token.underline ? 1 : 0, width: token.doubleWidth ? 2 : 1, height: token.doubleHeight ? 2 : 1 };
        return;
      case 'chinese':
        this.#chinese = token.on;
        return;
      case 'qr':
        return this.#qr(token.fn, token.params, offset);
      case 'raster':
        if (this.#line !== undefined) this.#endLine();
        r.rasters.push({ line: r.lines.length, widthDots: token.widthBytes * 8, heightDots: token.heightDots });
        return;
      case 'cut':
        if (this.#line !== undefined) {
          this.error(offset, 'cut while a line was not terminated by LF');
          this.#endLine();
        }
        r.cut = true;
        r.cutKind = token.partial ? 'partial' : 'full';
        return;
      case 'unknown':
        return this.error(offset, token.message);
      default:
        // cr, ht, settings and status requests do not change the printed text.
        return;
    }
  }

  #text(bytes: Uint8Array, offset: number): void {
    if (!this.#chinese && bytes.some((b) => b >= 0x80)) {
      this.error(offset, 'bytes >= 0x80 outside Chinese mode (no FS &): a printer would print code-page symbols');
    }
    const text = iconv.decode(Buffer.from(bytes), 'gb18030');
    if (text.includes('\uFFFD')) this.error(offset, 'invalid GB18030 byte sequence');
    this.#line = (this.#line ?? '') + text;
    this.receipt.runs.push({ line: this.receipt.lines.length, text, ...this.#style });
  }

  #qr(fn: number, params: Uint8Array, offset: number): void {
    if (fn === 80) {
      if (params[0] !== 48) this.error(offset, `QR store data with m=${params[0]} (expected 48)`);
      if (params.length < 2) this.error(offset, 'QR store data with an empty payload');
      this.#qrStored = params.slice(1);
    } else if (fn === 81) {
      if (!this.#qrStored) return this.error(offset, 'QR print (fn 81) without stored data (fn 80)');
      if (this.#line !== undefined) this.#endLine();
      this.receipt.qrCodes.push(decodeQrPayload(this.#qrStored, this.options.qrEncoding));
      this.#qrStored = undefined;
    } else if (fn === 67 && (params[0] === undefined || params[0] < 1 || params[0] > 16)) {
      this.error(offset, `QR module size ${params[0]} out of range 1..16`);
    } else if (fn === 69 && (params[0] === undefined || params[0] < 48 || params[0] > 51)) {
      this.error(offset, `QR error correction ${params[0]} out of range 48..51`);
    } else if (![65, 67, 69, 82].includes(fn)) {
      this.error(offset, `unsupported QR function fn=${fn}`);
    }
  }

  finish(offset: number): DecodedReceipt {
    if (this.#line !== undefined) this.#endLine();
    if (this.#qrStored) this.error(offset, 'QR data stored (fn 80) but never printed (fn 81)');
    return this.receipt;
  }
}

/** Decodes the whole buffer as one receipt (status requests are ignored). */
export function decodeEscPos(bytes: Uint8Array, options: DecodeOptions = {}): DecodedReceipt {
  const assembler = new ReceiptAssembler(options);
  let offset = 0;
  while (offset < bytes.length) {
    const scanned = scanEscPos(bytes, offset);
    if (!scanned) {
      assembler.error(offset, `truncated command ${hex(bytes[offset])} ${hex(bytes[offset + 1])}: ${bytes.length - offset} bytes left`);
      break;
    }
    assembler.apply(scanned.token, offset);
    offset += scanned.length;
  }
  return assembler.finish(offset);
}

/** Splits a byte stream at each cut; trailing bytes without a cut form a last, uncut receipt. */
export function splitReceipts(bytes: Uint8Array, options: DecodeOptions = {}): DecodedReceipt[] {
  const receipts: DecodedReceipt[] = [];
  let start = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const scanned = scanEscPos(bytes, offset);
    if (!scanned) break;
    offset += scanned.length;
    if (scanned.token.kind === 'cut') {
      receipts.push(decodeEscPos(bytes.subarray(start, offset), options));
      start = offset;
    }
  }
  if (start < bytes.length) receipts.push(decodeEscPos(bytes.subarray(start), options));
  return receipts;
}
