/**
 * The append-only, tamper-evident audit log: every staff entry, configuration change, service
 * mode change and fleet command, one JSON line each, chained by SHA-256 (see audit-chain.ts).
 *
 * Each append is fsynced: staff actions are rare, and an entry lost in a power cut is exactly the
 * gap an auditor would ask about. Several AuditLog objects in one process may share a file (each
 * append re-reads the head); two processes must not write the same file. The chain shows edits, removals and insertions; cutting lines off the end is shown by
 * comparing with the head published elsewhere (the fleet heartbeat carries it).
 */
import { closeSync, copyFileSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EMPTY_HEAD, checkLine, encodeEntry, verifyChain, type AuditEntry, type ChainHead, type ChainVerification } from './audit-chain.ts';

export interface AuditLogOptions {
  path: string;
  now?: () => Date;
}

export interface AuditExport {
  file: string;
  verification: ChainVerification;
}

export class AuditLog {
  readonly path: string;
  readonly #now: () => Date;
  #head: ChainHead;
  /** The file ends without a newline (torn write): the next append starts a fresh line. */
  #needsNewline: boolean;

  constructor(options: AuditLogOptions) {
    this.path = options.path;
    this.#now = options.now ?? (() => new Date());
    mkdirSync(dirname(this.path), { recursive: true });
    this.#head = EMPTY_HEAD;
    this.#needsNewline = false;
    this.#refreshHead();
  }

  /** Sequence number and hash of the newest entry (seq 0 for an empty log). */
  head(): ChainHead {
    this.#refreshHead();
    return { ...this.#head };
  }

  append(actor: string, action: string, details?: Record<string, unknown>): AuditEntry {
    // Re-read the head from the file: another AuditLog object on the same file (the Electron main
    // process and the core both audit) may have appended since. Appends are synchronous, so within
    // one process nothing can slip in between this read and the write.
    this.#refreshHead();
    const { line, entry } = encodeEntry(this.#head, { time: this.#now().toISOString(), actor, action, ...(details ? { details } : {}) });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${this.#needsNewline ? '\n' : ''}${line}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#needsNewline = false;
    this.#head = { seq: entry.seq, hash: entry.hash };
    return entry;
  }

  #refreshHead(): void {
    if (!existsSync(this.path)) {
      this.#head = EMPTY_HEAD;
      this.#needsNewline = false;
      return;
    }
    const tail = readTail(this.path, TAIL_BYTES);
    this.#needsNewline = tail.length > 0 && !tail.endsWith('\n');
    const head = lastHead(tail);
    // No intact line in the window (a huge last line, or a damaged tail): search the whole file.
    this.#head = head.seq === 0 ? lastHead(readFileSync(this.path, 'utf8')) : head;
  }

  /** Re-reads the file and checks the whole chain; names the first line that fails. */
  verify(): ChainVerification {
    return verifyAuditFile(this.path);
  }

  /** The newest `limit` entries, newest last (for the maintenance screen). */
  tail(limit: number): AuditEntry[] {
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l !== '');
    const out: AuditEntry[] = [];
    for (const line of lines.slice(-limit)) {
      const parsed = parseLoosely(line);
      if (parsed) out.push(parsed);
    }
    return out;
  }

  /**
   * Copies the log into `dir` (e.g. a USB drive folder) and verifies the copy, so what the
   * auditor receives is what was checked.
   */
  exportTo(dir: string, label: string): AuditExport {
    mkdirSync(dir, { recursive: true });
    const stamp = this.#now().toISOString().replace(/[:.]/g, '-');
    const file = join(dir, `${basename(this.path, '.jsonl')}-${label}-${stamp}.jsonl`);
    if (existsSync(this.path)) copyFileSync(this.path, file);
    else writeEmpty(file);
    return { file, verification: verifyAuditFile(file) };
  }
}

const TAIL_BYTES = 64 * 1024;

function readTail(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    // The window may start inside a line (or a UTF-8 sequence): drop everything before the first newline.
    const text = buffer.toString('utf8');
    return length < size ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}

export function verifyAuditFile(path: string): ChainVerification {
  if (!existsSync(path)) return { ok: true, entries: 0, head: EMPTY_HEAD };
  return verifyChain(readFileSync(path, 'utf8'));
}

/** Head after the last line whose own hash is intact; the chain itself is verify()'s job. */
function lastHead(text: string): ChainHead {
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index];
    if (!line) continue;
    const entry = parseLoosely(line);
    if (entry) return { seq: entry.seq, hash: entry.hash };
  }
  return EMPTY_HEAD;
}

/** The entry of a line whose own hash matches, without checking its link to the line before. */
function parseLoosely(line: string): AuditEntry | undefined {
  // prev is the body's last field: anchor at the end so a "prev" key inside details cannot match.
  const prevMatch = /,"prev":"([0-9a-f]{64})","hash":"[0-9a-f]{64}"\}$/.exec(line);
  const seqMatch = /^\{"seq":(\d+),/.exec(line);
  if (!prevMatch?.[1] || !seqMatch?.[1]) return undefined;
  const check = checkLine(line, { seq: Number(seqMatch[1]) - 1, hash: prevMatch[1] });
  return check.ok ? check.entry : undefined;
}

function writeEmpty(file: string): void {
  const fd = openSync(file, 'w', 0o600);
  closeSync(fd);
}
