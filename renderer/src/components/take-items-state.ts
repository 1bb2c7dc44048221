/**
 * "Take your card, take your receipt" after a session ends. The card reminder lasts until the
 * reader reports the card gone; the receipt reminder lasts a few seconds, because the receipt
 * printers this terminal drives (ESC/POS without a presenter) cannot tell when the paper is taken.
 * Pure: the clock comes in with each event, so the repetition is tested without waiting.
 */

/** The spoken reminder repeats this often while something is left behind. */
export const REPEAT_MS = 6000;
/** How long the receipt reminder lasts when the printer cannot report the paper taken. */
export const RECEIPT_REMIND_MS = 8000;

export interface TakeItemsState {
  card: boolean;
  /** Epoch ms when the receipt reminder ends; null when there is none. */
  receiptUntil: number | null;
  /** Epoch ms when the reminder is next spoken; null when there is nothing to say. */
  speakAt: number | null;
}

export type TakeItemsEvent =
  | { type: 'sessionEnded'; cardPresent: boolean; receiptPrinted: boolean; now: number }
  | { type: 'cardRemoved'; now: number }
  | { type: 'tick'; now: number }
  | { type: 'spoken'; now: number };

/** What is left behind, i.e. which reminder to show and say. */
export type LeftBehind = 'card' | 'receipt' | 'card-and-receipt';

export const noReminder: TakeItemsState = { card: false, receiptUntil: null, speakAt: null };

/** Drops what is over; the same object when nothing changed, so React skips the render. */
function settle(state: TakeItemsState, now: number): TakeItemsState {
  const receiptUntil = state.receiptUntil !== null && now < state.receiptUntil ? state.receiptUntil : null;
  if (!state.card && receiptUntil === null) return state === noReminder ? state : noReminder;
  return receiptUntil === state.receiptUntil ? state : { ...state, receiptUntil };
}

export function takeItemsReducer(state: TakeItemsState, event: TakeItemsEvent): TakeItemsState {
  switch (event.type) {
    case 'sessionEnded': {
      const receiptUntil = event.receiptPrinted ? event.now + RECEIPT_REMIND_MS : null;
      if (!event.cardPresent && receiptUntil === null) return state;
      // Said at once: the citizen is about to walk away.
      return { card: event.cardPresent || state.card, receiptUntil, speakAt: event.now };
    }
    case 'cardRemoved':
      return state.card ? settle({ ...state, card: false }, event.now) : state;
    case 'tick':
      return settle(state, event.now);
    case 'spoken':
      return state.speakAt === null ? state : { ...state, speakAt: event.now + REPEAT_MS };
  }
}

export function leftBehind(state: TakeItemsState): LeftBehind | null {
  if (state.card) return state.receiptUntil !== null ? 'card-and-receipt' : 'card';
  return state.receiptUntil !== null ? 'receipt' : null;
}

export const speechDue = (state: TakeItemsState, now: number): boolean =>
  leftBehind(state) !== null && state.speakAt !== null && now >= state.speakAt;

/** When something next changes (a repeat, the receipt reminder ending); null when nothing will. */
export function nextWakeAt(state: TakeItemsState): number | null {
  if (leftBehind(state) === null) return null;
  const times = [state.speakAt, state.receiptUntil].filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}
