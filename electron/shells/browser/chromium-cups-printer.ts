/**
 * A4 printing for the browser shell (plain Node on thin terminals that run Chromium --kiosk): the
 * system Chromium renders the core's HTML to PDF headless, and CUPS `lp` takes the PDF to the
 * printer. Both run as separate processes with argument lists (no shell); the document lives
 * only in a private temporary folder that is removed whatever happens.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError, type DocumentPrinter, type DocumentPrintOptions } from '../../core/documents/document-printer.ts';
import { CHROMIUM_LOCATIONS, findChromium } from './chromium-locations.ts';

export interface ChromiumCupsPrinterOptions {
  /**
   * The Chromium binary, for tests that exercise a missing one. Never from the config: by default
   * the first executable in CHROMIUM_LOCATIONS, looked up at each job (Chromium may be installed later).
   */
  chromiumPath?: string | (() => string | undefined);
  /** The CUPS client; default 'lp' looked up on PATH. */
  lpCommand?: string;
  /** Per step (render, submit); default 60 s. */
  timeoutMs?: number;
  /** Parent of the per-job temporary folder; default the OS temp folder. */
  tmpDir?: string;
}

interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** A missing binary rejects with ENOENT; anything else resolves with how the tool ended. */
function runTool(command: string, args: string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends Chromium's helper processes.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 16_384) stderr += chunk;
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** The tool's own words, short: the first lines that are not Chromium's routine log noise. */
export function summariseStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\[\d+:\d+:\d+\/\d+\.\d+:(INFO|WARNING|ERROR|VERBOSE\d*):/.test(line));
  return lines.slice(0, 2).join(' / ').slice(0, 160) || 'no message';
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
const ended = (r: ToolResult) => (r.signal ? `killed by ${r.signal}` : `exit ${r.code}`);

export class ChromiumCupsDocumentPrinter implements DocumentPrinter {
  readonly #options: ChromiumCupsPrinterOptions;

  constructor(options: ChromiumCupsPrinterOptions = {}) {
    this.#options = options;
  }

  #chromiumPath(): string | undefined {
    const given = typeof this.#options.chromiumPath === 'function' ? this.#options.chromiumPath() : this.#options.chromiumPath;
    return given || findChromium();
  }

  async print(html: string, options: DocumentPrintOptions): Promise<void> {
    const chromium = this.#chromiumPath();
    if (chromium === undefined) throw new DocumentPrinterUnavailableError(`chromium not found (looked in ${CHROMIUM_LOCATIONS.join(', ')})`);
    try {
      await access(chromium, constants.X_OK);
    } catch (error) {
      throw new DocumentPrinterUnavailableError(`chromium not found or not executable at ${chromium}`, { cause: error });
    }
    const timeoutMs = this.#options.timeoutMs ?? 60_000;
    // mkdtemp creates the folder 0700: other local users cannot read the report meanwhile.
    const dir = await mkdtemp(join(this.#options.tmpDir ?? tmpdir(), 'kiosk-a4-'));
    try {
      const htmlPath = join(dir, 'report.html');
      const pdfPath = join(dir, 'report.pdf');
      await writeFile(htmlPath, html, { mode: 0o600 });
      await this.#render(chromium, htmlPath, pdfPath, join(dir, 'profile'), timeoutMs);
      await this.#submit(pdfPath, options, timeoutMs);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #render(chromium: string, htmlPath: string, pdfPath: string, profileDir: string, timeoutMs: number): Promise<void> {
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      // A profile of its own: the kiosk's Chromium holds the default one.
      `--user-data-dir=${profileDir}`,
      `--print-to-pdf=${pdfPath}`,
      '--no-pdf-header-footer',
      pathToFileURL(htmlPath).href,
    ];
    let result: ToolResult;
    try {
      result = await runTool(chromium, args, timeoutMs);
    } catch (error) {
      if (isMissing(error)) throw new DocumentPrinterUnavailableError(`chromium not found at ${chromium}`, { cause: error });
      throw error;
    }
    if (result.code !== 0) throw new Error(`chromium could not render the report (${ended(result)}): ${summariseStderr(result.stderr)}`);
    if (!(await startsWithPdfMagic(pdfPath))) throw new Error('chromium wrote no PDF');
  }

  async #submit(pdfPath: string, options: DocumentPrintOptions, timeoutMs: number): Promise<void> {
    const lp = this.#options.lpCommand ?? 'lp';
    const args = [...(options.printerName ? ['-d', options.printerName] : []), '-t', `kiosk-${options.jobId}`, pdfPath];
    let result: ToolResult;
    try {
      result = await runTool(lp, args, timeoutMs);
    } catch (error) {
      if (isMissing(error)) throw new DocumentPrinterUnavailableError(`CUPS client '${lp}' not found (install cups-client)`, { cause: error });
      throw error;
    }
    // Killed on the timeout, lp may already have handed the job to the spooler.
    if (result.signal) throw new DocumentPrintOutcomeUnknownError(`lp did not answer (${ended(result)}): the job may have been queued`);
    if (result.code !== 0) throw new Error(`lp refused the job (${ended(result)}): ${summariseStderr(result.stderr)}`);
  }
}

async function startsWithPdfMagic(path: string): Promise<boolean> {
  try {
    const file = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(5), 0, 5, 0);
      return bytesRead === 5 && buffer.toString('latin1') === '%PDF-';
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
}
