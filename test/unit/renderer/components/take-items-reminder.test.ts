import { describe, expect, it } from 'vitest';
import { printerBlockedReason } from '../../../../renderer/src/api/use-device-status.ts';
import { noteReceiptPrinted, takeReceiptPrinted } from '../../../../renderer/src/components/receipt-printed.ts';
import {
  leftBehind,
  nextWakeAt,
  noReminder,
  RECEIPT_REMIND_MS,
  REPEAT_MS,
  speechDue,
  takeItemsReducer,
  type TakeItemsEvent,
  type TakeItemsState,
} from '../../../../renderer/src/components/take-items-state.ts';
import type { DeviceStatus } from '../../../../electron/contract/kiosk-api.ts';

const T0 = 1_700_000_000_000;
const run = (events: TakeItemsEvent[], from: TakeItemsState = noReminder): TakeItemsState => events.reduce(takeItemsReducer, from);

describe('take-your-card reminder', () => {
  it('says nothing when the session ends with nothing left behind', () => {
    const state = run([{ type: 'sessionEnded', cardPresent: false, receiptPrinted: false, now: T0 }]);
    expect(state).toBe(noReminder);
    expect(leftBehind(state)).toBeNull();
    expect(nextWakeAt(state)).toBeNull();
  });

  it('speaks at once, then repeats every REPEAT_MS for as long as the card stays on the reader', () => {
    let state = run([{ type: 'sessionEnded', cardPresent: true, receiptPrinted: false, now: T0 }]);
    expect(leftBehind(state)).toBe('card');
    expect(speechDue(state, T0)).toBe(true);
    const spoken: number[] = [];
    // Ten minutes of a card nobody takes: the reminder never gives up.
    for (let now = T0; now < T0 + 600_000; now = nextWakeAt(state) ?? Infinity) {
      if (speechDue(state, now)) {
        spoken.push(now);
        state = takeItemsReducer(state, { type: 'spoken', now });
      } else {
        state = takeItemsReducer(state, { type: 'tick', now });
      }
    }
    expect(spoken.length).toBe(600_000 / REPEAT_MS);
    expect(spoken.slice(0, 3)).toEqual([T0, T0 + REPEAT_MS, T0 + 2 * REPEAT_MS]);
    expect(leftBehind(state)).toBe('card');
  });

  it('is not due again before the repeat interval', () => {
    const state = run([
      { type: 'sessionEnded', cardPresent: true, receiptPrinted: false, now: T0 },
      { type: 'spoken', now: T0 },
    ]);
    expect(speechDue(state, T0 + REPEAT_MS - 1)).toBe(false);
    expect(speechDue(state, T0 + REPEAT_MS)).toBe(true);
  });

  it('stops the moment the reader reports the card removed', () => {
    const state = run([
      { type: 'sessionEnded', cardPresent: true, receiptPrinted: false, now: T0 },
      { type: 'spoken', now: T0 },
      { type: 'cardRemoved', now: T0 + 2000 },
    ]);
    expect(leftBehind(state)).toBeNull();
    expect(speechDue(state, T0 + 60_000)).toBe(false);
    expect(nextWakeAt(state)).toBeNull();
  });

  it('reminds of a printed receipt for a few seconds, since the printer cannot tell when it is taken', () => {
    let state = run([{ type: 'sessionEnded', cardPresent: false, receiptPrinted: true, now: T0 }]);
    expect(leftBehind(state)).toBe('receipt');
    state = takeItemsReducer(state, { type: 'tick', now: T0 + RECEIPT_REMIND_MS - 1 });
    expect(leftBehind(state)).toBe('receipt');
    state = takeItemsReducer(state, { type: 'tick', now: T0 + RECEIPT_REMIND_MS });
    expect(state).toEqual(noReminder);
  });

  it('names both while both are left, then only the card once the receipt time is over', () => {
    let state = run([{ type: 'sessionEnded', cardPresent: true, receiptPrinted: true, now: T0 }]);
    expect(leftBehind(state)).toBe('card-and-receipt');
    expect(nextWakeAt(state)).toBe(T0);
    state = run(
      [
        { type: 'spoken', now: T0 },
        { type: 'tick', now: T0 + RECEIPT_REMIND_MS },
      ],
      state,
    );
    expect(leftBehind(state)).toBe('card');
  });

  it('keeps the receipt reminder running when the card is taken first', () => {
    const state = run([
      { type: 'sessionEnded', cardPresent: true, receiptPrinted: true, now: T0 },
      { type: 'cardRemoved', now: T0 + 1000 },
    ]);
    expect(leftBehind(state)).toBe('receipt');
    expect(nextWakeAt(state)).toBe(T0);
  });

  it('ignores a removal report when no card reminder runs', () => {
    expect(run([{ type: 'cardRemoved', now: T0 }])).toBe(noReminder);
  });
});

describe('receipt-printed flag', () => {
  it('is read once per session end', () => {
    expect(takeReceiptPrinted()).toBe(false);
    noteReceiptPrinted();
    expect(takeReceiptPrinted()).toBe(true);
    expect(takeReceiptPrinted()).toBe(false);
  });
});

describe('printer health before printing', () => {
  const status = (state: DeviceStatus['state'], flags: string[] = [], reason?: string): DeviceStatus => ({
    device: 'printer',
    state,
    flags,
    updatedAt: new Date(T0).toISOString(),
    ...(reason ? { reason } : {}),
  });

  it.each([
    ['unknown yet', null, null],
    ['ready', status('ready'), null],
    ['printing', status('busy'), null],
    ['ready with paper near end', status('ready', ['paper-near-end']), null],
    ['out of paper', status('error', ['paper-out'], 'paper-out'), 'paper-out'],
    ['cover open', status('error', ['cover-open'], 'cover-open'), 'cover-open'],
    ['cover open and out of paper', status('error', ['cover-open', 'paper-out'], 'cover-open'), 'paper-out'],
    ['unplugged', status('disconnected', [], 'port-closed'), 'port-closed'],
    ['connecting', status('connecting'), 'connecting'],
  ])('%s → %j', (_name, given, expected) => {
    expect(printerBlockedReason(given)).toBe(expected);
  });
});
