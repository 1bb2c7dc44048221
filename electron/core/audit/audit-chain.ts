/**
 * The audit log's line format and hash chain, as pure functions.
 *
 * A line is the JSON body `{"seq":…,"time":…,"actor":…,"action":…,"details":…,"prev":…}` with
 * `,"hash":"<sha256 hex>"` spliced in before the closing brace. The hash is taken over the body's
 * exact bytes (not over a re-serialisation, which could reorder keys), and `prev` is the hash of
 * the line before, so changing, removing or inserting any line breaks the chain at that line.
 */
import { createHash } from 'node:crypto';
import { scrubIdNumbers } from '../logging/logger.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  time: string;
  /** Who did it: 'staff', 'staff-card:<masked>', 'fleet', 'system', 'watchdog'. */
  actor: string;
  /** Dotted verb, e.g. 'staff.entry', 'config.applied', 'service-mode.changed'. */
  action: string;
  details: Record<string, unknown>;
  prev: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Builds the next line (without newline). ID numbers in details are masked before hashing. */
export function encodeEntry(
  head: ChainHead,
  fields: { time: string; actor: string; action: string; details?: Record<string, unknown> },
): { line: string; entry: AuditEntry } {
  const bodyObject = {
    seq: head.seq + 1,
    time: fields.time,
    actor: fields.actor,
    action: fields.action,
    details: fields.details ?? {},
    prev: head.hash,
  };
  const body = scrubIdNumbers(JSON.stringify(bodyObject));
  const hash = sha256(body);
  const line = `${body.slice(0, -1)},"hash":"${hash}"}`;
  return { line, entry: { ...(JSON.parse(body) as Omit<AuditEntry, 'hash'>), hash } };
}

export type LineCheck = { ok: true; entry: AuditEntry } | { ok: false; reason: string };

/** Checks one line against the head of the chain before it. */
export function checkLine(line: string, before: ChainHead): LineCheck {
  const match = HASH_SUFFIX.exec(line);
  if (!match?.[1]) return { ok: false, reason: 'not an audit line (no hash field at the end)' };
  const body = `${line.slice(0, match.index)}}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (sha256(body) !== match[1]) return { ok: false, reason: 'content does not match its hash (line altered)' };
  const entry = { ...(parsed as Omit<AuditEntry, 'hash'>), hash: match[1] };
  if (entry.prev !== before.hash) {
    return { ok: false, reason: 'does not follow the line before (a line was altered, removed or inserted before it)' };
  }
  if (entry.seq !== before.seq + 1) return { ok: false, reason: `sequence ${String(entry.seq)} where ${before.seq + 1} was expected` };
  return { ok: true, entry };
}

export type ChainVerification =
  | { ok: true; entries: number; head: ChainHead }
  | {
      ok: false;
      /** Entries that verified before the first problem. */
      entries: number;
      /** 1-based line number of the first line that fails. */
      line: number;
      reason: string;
      head: ChainHead;
    };

/** Verifies a whole log's text; stops at (and names) the first line that fails. */
export function verifyChain(text: string): ChainVerification {
  let head = EMPTY_HEAD;
  const lines = text.split('\n');
  // A complete file ends with a newline, leaving one empty string after the split.
  const complete = lines.at(-1) === '';
  if (complete) lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const isTornTail = !complete && index === lines.length - 1;
    const check = checkLine(line, head);
    if (!check.ok) {
      const reason = isTornTail ? `${check.reason}; the last line is incomplete (power cut while writing?)` : check.reason;
      return { ok: false, entries: index, line: index + 1, reason, head };
    }
    head = { seq: check.entry.seq, hash: check.entry.hash };
  }
  return { ok: true, entries: lines.length, head };
}
