/**
 * The on-screen keyboard with its value display. No native <input>: a kiosk has no physical
 * keyboard and the OS keyboard must never pop up. Chinese is typed in pinyin with candidates from
 * the full dictionary (its own chunk, fetched when a pinyin keyboard first opens); digits, ID
 * numbers and codes get pads that only hold valid characters. Chinese fields also offer a
 * handwriting pad (手写) with candidates from the core's recogniser.
 */
import { memo, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  candidatePages,
  initKeyboard,
  keyboardReducer,
  visibleCandidates,
  type KeyboardLayout,
} from './keyboard-state.ts';
import { HandwritingPadLoader } from './HandwritingPadLoader.tsx';
import { loadedPinyinDictionary, loadPinyinDictionary } from './pinyin-dictionary.ts';

interface OnScreenKeyboardProps {
  /** Field name for the value display (also the keyboard's accessible name). */
  label: string;
  layout: KeyboardLayout;
  initialValue: string;
  maxLength?: number;
  /** Keys outside this set are left out (e.g. the letters a credit code never uses). */
  charset?: string;
  /** Keys beyond the layout's, e.g. '-' for a phone number or a receipt number. */
  extraKeys?: string;
  /** Masks the display (sensitive values) with '•' except the last 4 characters. */
  masked?: boolean;
  onChange(value: string): void;
  testId?: string;
}

const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGIT_ROW = '1234567890';

/**
 * Memoised without regard to onChange (kept in a ref): the parent re-renders on every key, and the
 * keyboard need not render twice for one key press.
 */
export const OnScreenKeyboard = memo(KeyboardView, (before, after) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].every(
    (key) => key === 'onChange' || before[key as keyof OnScreenKeyboardProps] === after[key as keyof OnScreenKeyboardProps],
  ),
);

function KeyboardView(props: OnScreenKeyboardProps) {
  const { label, layout, initialValue, maxLength, charset, extraKeys = '', masked = false, onChange, testId = 'keyboard' } = props;
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(keyboardReducer, undefined, () => initKeyboard(layout, initialValue, maxLength, extraKeys));
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => onChangeRef.current(state.value), [state.value]);
  const dictionary = useDictionary(layout === 'pinyin');

  const allowed = (key: string): boolean => charset === undefined || charset.includes(key.toUpperCase()) || extraKeys.includes(key);
  const key = (k: string, caption = k) =>
    allowed(k) ? (
      <button key={k} type="button" className="key" data-key={k} onClick={() => dispatch({ type: 'key', key: k })}>
        {caption}
      </button>
    ) : null;

  const shown = masked ? maskForDisplay(state.value) : state.value;
  const composingNow = state.composing !== '';
  const cands = visibleCandidates(state);
  const pages = candidatePages(state);
  const backspace = <BackspaceKey onPress={() => dispatch({ type: 'backspace' })} label={t('keyboard.backspace')} />;
  const clear = (
    <button type="button" className="key key-wide" data-testid={`${testId}-clear`} onClick={() => dispatch({ type: 'clear' })}>
      {t('keyboard.clear')}
    </button>
  );

  const handwritingToggle = (
    <button
      type="button"
      className="key key-wide"
      aria-pressed={state.handwriting}
      data-testid={`${testId}-handwriting-toggle`}
      onClick={() => dispatch({ type: 'toggleHandwriting' })}
    >
      {t('keyboard.handwriting')}
    </button>
  );

  return (
    <div className={`keyboard keyboard-${layout}`} data-testid={testId} role="group" aria-label={t('keyboard.label', { field: label })}>
      <div className="key-display" data-private="">
        <span className="key-display-label">{label}</span>
        <output className="key-display-value mono" data-testid={`${testId}-value`} aria-live="polite">
          {shown}
          {composingNow && <span className="key-composing" data-testid={`${testId}-composing`}>{state.composing}</span>}
          <span className="key-caret" aria-hidden="true" />
        </output>
        {state.maxLength < 200 && (
          <span className="key-count" aria-hidden="true">
            {[...state.value].length}/{state.maxLength}
          </span>
        )}
      </div>

      {layout === 'pinyin' && state.handwriting && (
        <>
          {/* 手写: its own chunk, fetched the first time a citizen switches a Chinese field to handwriting. */}
          <HandwritingPadLoader testId={testId} onPick={(text) => dispatch({ type: 'insert', text })} />
          <div className="key-row">
            {handwritingToggle}
            {backspace}
            {clear}
          </div>
        </>
      )}

      {layout === 'pinyin' && !state.handwriting && (
        <div className="candidates" data-testid={`${testId}-candidates`} aria-label={t('keyboard.candidates')} role="group">
          {composingNow && dictionary.status === 'loading' && (
            <span className="muted" data-testid={`${testId}-dictionary-loading`}>
              {t('keyboard.dictionaryLoading')}
            </span>
          )}
          {composingNow && dictionary.status === 'failed' && (
            <>
              <span className="muted" role="alert">
                {t('keyboard.dictionaryFailed')}
              </span>
              <button type="button" className="key key-wide" data-testid={`${testId}-dictionary-retry`} onClick={dictionary.retry}>
                {t('keyboard.dictionaryRetry')}
              </button>
            </>
          )}
          {composingNow && dictionary.status === 'ready' && cands.length === 0 && <span className="muted">{t('keyboard.noCandidates')}</span>}
          {cands.map((c, index) => (
            <button key={c.text} type="button" className="key key-candidate" data-candidate={c.text} onClick={() => dispatch({ type: 'pick', index })}>
              {c.text}
            </button>
          ))}
          {composingNow && pages > 1 && (
            <span className="candidate-pager">
              <button type="button" className="key" aria-label={t('keyboard.prevPage')} disabled={state.page === 0} onClick={() => dispatch({ type: 'page', delta: -1 })}>
                ‹
              </button>
              <button type="button" className="key" aria-label={t('keyboard.nextPage')} disabled={state.page >= pages - 1} onClick={() => dispatch({ type: 'page', delta: 1 })}>
                ›
              </button>
            </span>
          )}
        </div>
      )}

      {state.handwriting ? null : layout === 'digits' || layout === 'id-number' ? (
        <div className="keys keys-pad">
          {'123456789'.split('').map((k) => key(k))}
          {layout === 'id-number' ? key('X') : extraKeys.length > 0 ? key(extraKeys[0] ?? '') : <span aria-hidden="true" />}
          {key('0')}
          {backspace}
          {[...extraKeys].slice(layout === 'id-number' ? 0 : 1).map((k) => key(k))}
          {clear}
        </div>
      ) : (
        <div className="keys keys-full">
          <div className="key-row">{DIGIT_ROW.split('').map((k) => key(k))}</div>
          {layout === 'alphanumeric' && extraKeys.length > 0 && <div className="key-row key-row-extra">{[...extraKeys].map((k) => key(k))}</div>}
          {LETTER_ROWS.map((row, index) => {
            const last = index === LETTER_ROWS.length - 1;
            return (
              <div className="key-row" key={row}>
                {row.split('').map((k) => key(layout === 'alphanumeric' ? k.toUpperCase() : k, layout === 'pinyin' && !state.latin ? k : k.toUpperCase()))}
                {last && backspace}
                {last && layout !== 'pinyin' && clear}
              </div>
            );
          })}
          {layout === 'pinyin' && (
            <div className="key-row">
              <button type="button" className="key key-wide" aria-pressed={state.latin} data-testid={`${testId}-latin`} onClick={() => dispatch({ type: 'toggleLatin' })}>
                {state.latin ? t('keyboard.latinOn') : t('keyboard.latinOff')}
              </button>
              {handwritingToggle}
              {key('·')}
              {key('-')}
              <button type="button" className="key key-space" onClick={() => dispatch({ type: 'space' })}>
                {composingNow ? t('keyboard.pickFirst') : t('keyboard.space')}
              </button>
              {clear}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

type DictionaryStatus = 'loading' | 'ready' | 'failed';

/**
 * Fetches the pinyin dictionary when a pinyin keyboard opens. Letters typed meanwhile stay in the
 * composition and get their candidates when it arrives; a failed fetch says so and can be tried
 * again without losing them.
 */
function useDictionary(wanted: boolean): { status: DictionaryStatus; retry(): void } {
  const [status, setStatus] = useState<DictionaryStatus>(() => (loadedPinyinDictionary() === null ? 'loading' : 'ready'));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!wanted || loadedPinyinDictionary() !== null) return;
    let open = true;
    setStatus('loading');
    loadPinyinDictionary().then(
      () => open && setStatus('ready'),
      () => open && setStatus('failed'),
    );
    return () => {
      open = false;
    };
  }, [wanted, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, retry };
}

function BackspaceKey({ onPress, label }: { onPress(): void; label: string }) {
  return (
    <button type="button" className="key key-wide" aria-label={label} data-key="Backspace" onClick={onPress}>
      ⌫
    </button>
  );
}

export function maskForDisplay(value: string): string {
  const chars = [...value];
  return chars.map((c, i) => (i < chars.length - 4 ? '•' : c)).join('');
}
