/**
 * Staff cards: where a hall has no separate IC-card reader, an engineer's resident ID card on the
 * terminal's own reader is their staff card. The registry keeps, per card, a scrypt hash of the ID
 * number with a salt of its own (the pin-hash.ts format), the staff member's label and the masked
 * number for lists and the audit log; never the number. `<dataDir>/staff-cards.json`, mode 0600.
 *
 * The masked number (first 3 and last 4 characters) leaves a search of a few million candidates
 * (district digits and a birth date): about what a 6-digit PIN leaves, which is why the cost is
 * the PIN's scrypt cost, and why the file is readable by the kiosk account only.
 *
 * The core re-reads the file at every card entry, so a card registered or removed with the staff
 * CLI counts at once, without a restart.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { maskIdNumber, validateGb11643 } from '../../contract/rules/id-number.ts';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import { DEFAULT_SCRYPT, hashPin, parsePinHash, verifyPin, type ScryptParams } from './pin-hash.ts';

export interface StaffCardEntry {
  /** Short random id, to name the entry (e.g. to remove it). */
  id: string;
  label: string;
  /** maskIdNumber of the number: what lists and the audit log show. */
  masked: string;
  /** `scrypt$N$r$p$salt$key` of the canonical number. */
  hash: string;
  registeredAt: string;
}

/** What lists show: the entry without its hash. */
export type StaffCardView = Omit<StaffCardEntry, 'hash'>;

export type AddStaffCardResult =
  | { ok: true; card: StaffCardView }
  | { ok: false; reason: 'invalid-number'; detail: string }
  | { ok: false; reason: 'invalid-label'; detail: string }
  | { ok: false; reason: 'already-registered'; card: StaffCardView };

export const LABEL_MAX_LENGTH = 40;

interface StoredCards {
  version: 1;
  cards: StaffCardEntry[];
}

/** The number as hashed: reader and keyboard may differ in the case of the check character. */
export function canonicalIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** Why a label is refused, or undefined. Labels go to the audit log and the CLI's list. */
export function labelProblem(label: string): string | undefined {
  const trimmed = label.trim();
  if (trimmed === '') return 'must not be empty';
  if ([...trimmed].length > LABEL_MAX_LENGTH) return `must be at most ${LABEL_MAX_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'must not contain control characters';
  // A label that is itself an ID number would put the number on disk in clear.
  if (/\d{6,}/.test(trimmed)) return 'must not contain long digit runs (no ID numbers in labels)';
  return undefined;
}

export interface StaffCardRegistryOptions {
  /** e.g. `<dataDir>/staff-cards.json`. */
  path: string;
  audit?: AuditSink;
  /** Lower only in tests. */
  scrypt?: ScryptParams;
  now?: () => Date;
}

export class StaffCardRegistry {
  readonly #o: StaffCardRegistryOptions;

  constructor(options: StaffCardRegistryOptions) {
    this.#o = options;
  }

  list(): StaffCardView[] {
    return readStored(this.#o.path).cards.map(toView);
  }

  count(): number {
    return readStored(this.#o.path).cards.length;
  }

  /** Registers a card by its number (GB 11643 structure and check character are verified first). */
  async add(idNumber: string, label: string, actor = 'staff'): Promise<AddStaffCardResult> {
    const number = canonicalIdNumber(idNumber);
    const check = validateGb11643(number);
    if (!check.ok) return { ok: false, reason: 'invalid-number', detail: check.reason };
    const labelIssue = labelProblem(label);
    if (labelIssue !== undefined) return { ok: false, reason: 'invalid-label', detail: labelIssue };
    const existing = await this.match(number);
    if (existing) return { ok: false, reason: 'already-registered', card: existing };
    const entry: StaffCardEntry = {
      id: randomBytes(4).toString('hex'),
      label: label.trim(),
      masked: maskIdNumber(number),
      hash: await hashPin(number, this.#o.scrypt ?? DEFAULT_SCRYPT),
      registeredAt: (this.#o.now?.() ?? new Date()).toISOString(),
    };
    // Read again after the slow hash: another registration may have landed meanwhile.
    const stored = readStored(this.#o.path);
    writeStored(this.#o.path, { version: 1, cards: [...stored.cards, entry] });
    this.#o.audit?.append(actor, 'staff.card-registered', { id: entry.id, card: entry.masked, label: entry.label });
    return { ok: true, card: toView(entry) };
  }

  /** Removes an entry by its id; the removed entry's view, or undefined when there is none. */
  remove(id: string, actor = 'staff'): StaffCardView | undefined {
    const stored = readStored(this.#o.path);
    const entry = stored.cards.find((c) => c.id === id);
    if (!entry) return undefined;
    writeStored(this.#o.path, { version: 1, cards: stored.cards.filter((c) => c !== entry) });
    this.#o.audit?.append(actor, 'staff.card-removed', { id: entry.id, card: entry.masked, label: entry.label });
    return toView(entry);
  }

  /**
   * The registered entry for this number, or undefined. Each entry has its own salt, so every
   * entry is tried in turn: a card entry costs one scrypt per registered card.
   */
  async match(idNumber: string): Promise<StaffCardView | undefined> {
    const number = canonicalIdNumber(idNumber);
    for (const entry of readStored(this.#o.path).cards) {
      if (await verifyPin(number, entry.hash)) return toView(entry);
    }
    return undefined;
  }
}

const toView = ({ hash: _hash, ...view }: StaffCardEntry): StaffCardView => view;

function writeStored(path: string, stored: StoredCards): void {
  writeFileAtomic(path, `${JSON.stringify(stored, null, 2)}\n`);
}

/**
 * A missing file is an empty registry. A damaged file, or a damaged entry, registers nothing:
 * staff re-register with the CLI; no card is let in on a file that cannot be read.
 */
function readStored(path: string): StoredCards {
  if (!existsSync(path)) return { version: 1, cards: [] };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { cards?: unknown };
    const cards = Array.isArray(raw.cards) ? raw.cards.filter(isEntry) : [];
    return { version: 1, cards };
  } catch {
    return { version: 1, cards: [] };
  }
}

function isEntry(value: unknown): value is StaffCardEntry {
  const e = value as Partial<StaffCardEntry> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    typeof e.label === 'string' &&
    typeof e.masked === 'string' &&
    typeof e.registeredAt === 'string' &&
    typeof e.hash === 'string' &&
    parsePinHash(e.hash) !== undefined
  );
}
