/**
 * On-screen keyboard for configuration text: letters (shift for one capital), digits and the
 * symbols URLs, paths and JSON need. No native input: the OS keyboard must never appear.
 */
import { useEffect, useReducer, useRef } from 'react';
import { asciiKeyboardReducer, DIGIT_ROW, initAsciiKeyboard, LETTER_ROWS, SYMBOL_ROWS } from './ascii-keyboard.ts';
import { useMaintenanceT } from './maintenance-i18n.ts';

interface AsciiKeyboardProps {
  label: string;
  initialValue: string;
  /** 'number': digits, minus and point only. */
  mode?: 'text' | 'number';
  onChange(value: string): void;
}

export function AsciiKeyboard({ label, initialValue, mode = 'text', onChange }: AsciiKeyboardProps) {
  const { t } = useMaintenanceT();
  const [state, dispatch] = useReducer(asciiKeyboardReducer, initialValue, (value) => initAsciiKeyboard(value));
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => onChangeRef.current(state.value), [state.value]);

  const key = (k: string) => {
    const shown = state.shift ? k.toUpperCase() : k;
    return (
      <button key={k} type="button" className="key" data-key={shown} onClick={() => dispatch({ type: 'key', key: k })}>
        {shown}
      </button>
    );
  };
  const rows = state.symbols ? SYMBOL_ROWS : LETTER_ROWS;
  const backspace = (
    <button type="button" className="key key-wide" aria-label={t('keyboard.backspace')} onClick={() => dispatch({ type: 'backspace' })}>
      ⌫
    </button>
  );
  const clear = (
    <button type="button" className="key key-wide" onClick={() => dispatch({ type: 'clear' })}>
      {t('keyboard.clear')}
    </button>
  );
  return (
    <div className="keyboard" data-testid="mt-keyboard" role="group" aria-label={label}>
      <div className="key-display">
        <span className="key-display-label">{label}</span>
        <output className="key-display-value mono" data-testid="mt-keyboard-value">
          {state.value}
          <span className="key-caret" aria-hidden="true" />
        </output>
      </div>
      {mode === 'number' ? (
        <div className="keys keys-pad">
          {[...'123456789-0.'].map(key)}
          {backspace}
          {clear}
        </div>
      ) : (
        <div className="keys keys-full">
          <div className="key-row">{DIGIT_ROW.split('').map(key)}</div>
          {rows.map((row) => (
            <div className="key-row" key={row}>
              {row.split('').map(key)}
            </div>
          ))}
          <div className="key-row">
            <button type="button" className="key key-wide" aria-pressed={state.shift} disabled={state.symbols} onClick={() => dispatch({ type: 'shift' })}>
              {t('keyboard.shift')}
            </button>
            <button type="button" className="key key-wide" aria-pressed={state.symbols} onClick={() => dispatch({ type: 'symbols' })}>
              {state.symbols ? t('keyboard.letters') : t('keyboard.symbols')}
            </button>
            <button type="button" className="key key-space" onClick={() => dispatch({ type: 'space' })}>
              {t('keyboard.space')}
            </button>
            {backspace}
            {clear}
          </div>
        </div>
      )}
    </div>
  );
}
