/**
 * Fluent ESC/POS byte builder for Chinese receipt printers. It only emits the subset that the
 * decoder in native/simulators understands, and it tracks what the printer must already know
 * (Chinese mode, line start) so callers cannot produce bytes a printer would misread.
 */
import iconv from 'iconv-lite';
import { PrinterError, UnprintableTextError } from './printer-errors.ts';
import { assertNoControlCharacters, encodeReceiptText, type FontCoverage } from './gb18030-text.ts';
import { rasterCommand, type RasterImage, type RasterRenderer, type RasterTextStyle } from './raster-image.ts';

export type Align = 'left' | 'center' | 'right';
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  /** Module size in dots, 1..16 (default 6). */
  size?: number;
  /** Error correction level (default 'M'). */
  ecc?: QrEcc;
  /** How the payload becomes bytes (default 'utf8', what phone scanners expect). */
  encoding?: 'utf8' | 'gb18030';
}

export interface EscPosBuilderOptions {
  /** Glyph repertoire of the printer font (default 'gbk'); see gb18030-text.ts. */
  fontCoverage?: FontCoverage;
  /** Renders text the font cannot print; without it such text throws UnprintableTextError. */
  raster?: RasterRenderer;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };
const ECC_CODE: Record<QrEcc, number> = { L: 48, M: 49, Q: 50, H: 51 };
// Byte-mode capacity of a version-40 QR symbol per error-correction level.
const QR_BYTE_CAPACITY: Record<QrEcc, number> = { L: 2953, M: 2331, Q: 1663, H: 1273 };

function assertIntInRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PrinterError('invalid-argument', `${name} must be an integer ${min}..${max}, got ${value}`);
  }
}

/** GS ( k pL pH cn=49 fn params: the QR-code function family. */
function qrFunction(fn: number, params: Uint8Array | readonly number[]): Uint8Array {
  const size = params.length + 2;
  const out = new Uint8Array(5 + size);
  out.set([GS, 0x28, 0x6b, size & 0xff, size >> 8, 0x31, fn]);
  out.set(params, 7);
  return out;
}

export class EscPosBuilder {
  readonly #parts: Uint8Array[] = [];
  #length = 0;
  readonly #coverage: FontCoverage;
  readonly #raster: RasterRenderer | undefined;
  /** undefined = unknown (after ESC @ a printer falls back to its DIP-switch default). */
  #chinese: boolean | undefined;
  #atLineStart = true;
  #rasterEndedLine = false;
  #style: RasterTextStyle = { bold: false, width: 1, height: 1, align: 'left' };

  constructor(options: EscPosBuilderOptions = {}) {
    this.#coverage = options.fontCoverage ?? 'gbk';
    this.#raster = options.raster;
  }

  get byteLength(): number {
    return this.#length;
  }

  #push(bytes: Uint8Array | readonly number[]): this {
    const part = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    this.#parts.push(part);
    this.#length += part.length;
    return this;
  }

  #lf(): void {
    this.#push([LF]);
    this.#atLineStart = true;
  }

  /** Commands such as QR, raster and cut act on whole lines: finish the pending one first. */
  #ensureLineStart(): void {
    if (!this.#atLineStart) this.#lf();
  }

  /** ESC @: resets styles; Chinese mode returns to the printer's default, so we forget it. */
  init(): this {
    this.#chinese = undefined;
    this.#atLineStart = true;
    this.#style = { bold: false, width: 1, height: 1, align: 'left' };
    return this.#push([ESC, 0x40]);
  }

  /** FS & (on) / FS . (off): in Chinese mode two-byte GB18030 sequences print as hanzi. */
  selectChinese(on = true): this {
    this.#chinese = on;
    return this.#push(on ? [FS, 0x26] : [FS, 0x2e]);
  }

  /** Text; '\n' starts a new line. Non-ASCII text switches Chinese mode on if it is not known on. */
  text(str: string): this {
    this.#rasterEndedLine = false;
    const normalized = str.replace(/\r\n/g, '\n');
    assertNoControlCharacters(normalized);
    normalized.split('\n').forEach((piece, index) => {
      if (index > 0) this.#lf();
      this.#textPiece(piece);
    });
    return this;
  }

  #textPiece(piece: string): void {
    if (piece === '') return;
    const encoded = encodeReceiptText(piece, this.#coverage);
    if (encoded.ok) {
      if (!encoded.ascii && this.#chinese !== true) this.selectChinese(true);
      this.#push(encoded.bytes);
      this.#atLineStart = false;
      this.#rasterEndedLine = false;
      return;
    }
    if (!this.#raster) throw new UnprintableTextError(encoded.unprintable);
    // A raster image is a block of its own: the whole piece becomes one image on its own line.
    this.#ensureLineStart();
    this.raster(this.#raster.renderText(piece, { ...this.#style }));
    this.#rasterEndedLine = true;
  }

  /** Text followed by a line feed (a raster-rendered line already advanced the paper). */
  line(str = ''): this {
    this.text(str);
    if (!this.#rasterEndedLine) this.#lf();
    this.#rasterEndedLine = false;
    return this;
  }

  newline(n = 1): this {
    assertIntInRange('newline count', n, 0, 255);
    for (let i = 0; i < n; i++) this.#lf();
    return this;
  }

  /** ESC a n: only effective at the start of a line, as on real printers. */
  align(align: Align): this {
    if (!(align in ALIGN_CODE)) throw new PrinterError('invalid-argument', `unknown alignment ${String(align)}`);
    this.#style.align = align;
    return this.#push([ESC, 0x61, ALIGN_CODE[align]]);
  }

  /** ESC E n */
  bold(on = true): this {
    this.#style.bold = on;
    return this.#push([ESC, 0x45, on ? 1 : 0]);
  }

  /** ESC - n: 0 off, 1 one-dot, 2 two-dot underline. */
  underline(mode: boolean | 1 | 2 = true): this {
    const n = mode === true ? 1 : mode === false ? 0 : mode;
    assertIntInRange('underline mode', n, 0, 2);
    return this.#push([ESC, 0x2d, n]);
  }

  /** GS ! n: character magnification, width and height 1..8. */
  size(width: number, height = width): this {
    assertIntInRange('character width', width, 1, 8);
    assertIntInRange('character height', height, 1, 8);
    this.#style.width = width;
    this.#style.height = height;
    return this.#push([GS, 0x21, ((width - 1) << 4) | (height - 1)]);
  }

  /** ESC d n: print the buffer and feed n lines. */
  feed(n = 1): this {
    assertIntInRange('feed lines', n, 0, 255);
    this.#atLineStart = true;
    return this.#push([ESC, 0x64, n]);
  }

  /** Model 2 QR code via GS ( k; pL pH count payload BYTES, which differ from string length for hanzi. */
  qr(data: string, options: QrOptions = {}): this {
    const size = options.size ?? 6;
    const ecc = options.ecc ?? 'M';
    assertIntInRange('QR module size', size, 1, 16);
    if (!(ecc in ECC_CODE)) throw new PrinterError('invalid-argument', `unknown QR error correction ${String(ecc)}`);
    if (data.length === 0) throw new PrinterError('invalid-argument', 'QR payload is empty');
    const payload = options.encoding === 'gb18030' ? iconv.encode(data, 'gb18030') : Buffer.from(data, 'utf8');
    if (payload.length > QR_BYTE_CAPACITY[ecc]) {
      throw new PrinterError(
        'qr-too-long',
        `QR payload is ${payload.length} bytes; ECC ${ecc} holds at most ${QR_BYTE_CAPACITY[ecc]}`,
      );
    }
    this.#ensureLineStart();
    this.#push(qrFunction(65, [50, 0]));
    this.#push(qrFunction(67, [size]));
    this.#push(qrFunction(69, [ECC_CODE[ecc]]));
    const store = new Uint8Array(1 + payload.length);
    store[0] = 48;
    store.set(payload, 1);
    this.#push(qrFunction(80, store));
    return this.#push(qrFunction(81, [48]));
  }

  /** GS v 0: a monochrome bitmap on its own line. */
  raster(image: RasterImage): this {
    this.#ensureLineStart();
    return this.#push(rasterCommand(image));
  }

  /** GS V 0 (full) / GS V 1 (partial); feed() first on printers whose cutter sits above the head. */
  cut(partial = false): this {
    this.#ensureLineStart();
    return this.#push([GS, 0x56, partial ? 1 : 0]);
  }

  build(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}
