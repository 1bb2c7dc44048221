/**
 * A small on-screen keyboard for configuration text (URLs, paths, ids, JSON): lower and upper
 * case, digits and the punctuation those need. Pure reducer; the view is AsciiKeyboard.tsx.
 */
export interface AsciiKeyboardState {
  value: string;
  shift: boolean;
  /** The symbol page replaces the letters. */
  symbols: boolean;
  maxLength: number;
}

export type AsciiKeyboardAction =
  | { type: 'key'; key: string }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'shift' }
  | { type: 'symbols' }
  | { type: 'space' };

export const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'] as const;
export const DIGIT_ROW = '1234567890';
export const SYMBOL_ROWS = [':/.-_@', '{}[]",', '?=&%#+*~'] as const;

const ALLOWED = /^[\x20-\x7e]$/;

export function initAsciiKeyboard(value: string, maxLength = 2000): AsciiKeyboardState {
  return { value: value.slice(0, maxLength), shift: false, symbols: false, maxLength };
}

export function asciiKeyboardReducer(state: AsciiKeyboardState, action: AsciiKeyboardAction): AsciiKeyboardState {
  switch (action.type) {
    case 'key': {
      const key = state.shift ? action.key.toUpperCase() : action.key;
      if (!ALLOWED.test(key) || state.value.length >= state.maxLength) return state;
      // Shift applies to one letter, as on a phone keyboard.
      return { ...state, value: state.value + key, shift: false };
    }
    case 'space':
      return state.value.length >= state.maxLength ? state : { ...state, value: `${state.value} ` };
    case 'backspace':
      return { ...state, value: state.value.slice(0, -1) };
    case 'clear':
      return { ...state, value: '' };
    case 'shift':
      return { ...state, shift: !state.shift };
    case 'symbols':
      return { ...state, symbols: !state.symbols, shift: false };
  }
}
