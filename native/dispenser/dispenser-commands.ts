/**
 * The module's command set (CM, PM as ASCII digits, as the CRT-591 family writes them), its
 * status bytes and its error codes: the one table the driver and the simulator both read.
 */
const ascii = (s: string): number => s.charCodeAt(0);

export const COMMANDS = {
  /** Reset the mechanism; nothing moves. */
  initialise: { cm: ascii('0'), pm: ascii('0') },
  status: { cm: ascii('1'), pm: ascii('0') },
  /** DATA: the slot, two ASCII digits. Moves that slot's card to the read position. */
  moveToRead: { cm: ascii('2'), pm: ascii('0') },
  /** Answers DATA: the number the reader at the read position finds on the card (ASCII). */
  readCard: { cm: ascii('3'), pm: ascii('0') },
  /** Read position → mouth; the card is held there until taken or captured. */
  dispense: { cm: ascii('4'), pm: ascii('0') },
  /** Whatever card is in the channel (mouth or read position) → capture bin. */
  capture: { cm: ascii('5'), pm: ascii('0') },
  /** Answers DATA: cards captured into the bin since it was last emptied, three ASCII digits. */
  binCount: { cm: ascii('6'), pm: ascii('0') },
  /** DATA: the slot. Answers DATA '1' when the slot holds a card, '0' when it is empty. */
  slotQuery: { cm: ascii('6'), pm: ascii('1') },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** ST0: where a card is in the channel. */
export type ChannelState = 'empty' | 'mouth' | 'read' | 'jammed';
/** ST1: the cassette's stock. */
export type StockLevel = 'empty' | 'low' | 'ok';

export interface DispenserStatus {
  channel: ChannelState;
  stock: StockLevel;
  binFull: boolean;
}

const CHANNEL_CODES: Record<string, ChannelState> = { '0': 'empty', '1': 'mouth', '2': 'read', '3': 'jammed' };
const STOCK_CODES: Record<string, StockLevel> = { '0': 'empty', '1': 'low', '2': 'ok' };

export function encodeStatus(status: DispenserStatus): Uint8Array {
  const channel = Object.keys(CHANNEL_CODES).find((k) => CHANNEL_CODES[k] === status.channel)!;
  const stock = Object.keys(STOCK_CODES).find((k) => STOCK_CODES[k] === status.stock)!;
  return Uint8Array.of(ascii(channel), ascii(stock), ascii(status.binFull ? '1' : '0'));
}

/** Undefined for bytes no module sends (the answer is then a protocol error, not a guess). */
export function decodeStatus(bytes: Uint8Array): DispenserStatus | undefined {
  if (bytes.length < 3) return undefined;
  const channel = CHANNEL_CODES[String.fromCharCode(bytes[0]!)];
  const stock = STOCK_CODES[String.fromCharCode(bytes[1]!)];
  const bin = String.fromCharCode(bytes[2]!);
  if (!channel || !stock || (bin !== '0' && bin !== '1')) return undefined;
  return { channel, stock, binFull: bin === '1' };
}

/** The flags a status shows on the device's state (maintenance, heartbeat, tiles). */
export function statusFlags(status: DispenserStatus): string[] {
  const flags: string[] = [];
  if (status.channel === 'mouth') flags.push('card-at-mouth');
  if (status.channel === 'read') flags.push('card-at-read-position');
  if (status.channel === 'jammed') flags.push('jammed');
  if (status.stock === 'empty') flags.push('stock-empty');
  if (status.stock === 'low') flags.push('stock-low');
  if (status.binFull) flags.push('bin-full');
  return flags;
}

/** E1 E0 of a negative answer. */
export const MODULE_ERRORS = {
  '00': 'unknown-command',
  '01': 'bad-parameter',
  '10': 'slot-empty',
  '20': 'jammed',
  '30': 'bin-full',
  '40': 'channel-occupied',
  '41': 'no-card-in-channel',
  '50': 'unreadable',
} as const;

export type ModuleErrorCode = keyof typeof MODULE_ERRORS;
export type ModuleError = (typeof MODULE_ERRORS)[ModuleErrorCode];

export function moduleErrorBytes(error: ModuleError): Uint8Array {
  const code = (Object.keys(MODULE_ERRORS) as ModuleErrorCode[]).find((k) => MODULE_ERRORS[k] === error)!;
  return Uint8Array.of(code.charCodeAt(0), code.charCodeAt(1));
}

export const slotBytes = (slot: number): Uint8Array => {
  if (!Number.isInteger(slot) || slot < 1 || slot > 99) throw new RangeError(`slot ${slot} is outside 1-99`);
  return new TextEncoder().encode(String(slot).padStart(2, '0'));
};
