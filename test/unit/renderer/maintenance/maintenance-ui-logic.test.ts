/**
 * The maintenance UI's pure parts: corner hot zones, the PIN pad, the configuration draft and
 * the configuration keyboard.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigFieldView, JsonObject } from '../../../../electron/contract/maintenance-api.ts';
import { asciiKeyboardReducer, initAsciiKeyboard, type AsciiKeyboardAction } from '../../../../renderer/src/maintenance/ascii-keyboard.ts';
import { changedPaths, parseFieldInput, removeAt, setAt, shownValue } from '../../../../renderer/src/maintenance/config-draft.ts';
import { CORNER_ZONE_PX, cornerAt, tapToReport } from '../../../../renderer/src/maintenance/corner-zones.ts';
import { canSubmit, INITIAL_PIN, pinReducer, type PinAction, type PinState } from '../../../../renderer/src/maintenance/pin-entry.ts';

describe('corner hot zones', () => {
  const W = 1080;
  const H = 1920;
  it('finds the 80×80 zone of each corner and nothing elsewhere', () => {
    expect(CORNER_ZONE_PX).toBe(80);
    expect(cornerAt(0, 0, W, H)).toBe('top-left');
    expect(cornerAt(79, 79, W, H)).toBe('top-left');
    expect(cornerAt(80, 10, W, H)).toBeNull();
    expect(cornerAt(W - 1, 5, W, H)).toBe('top-right');
    expect(cornerAt(W - 1, H - 1, W, H)).toBe('bottom-right');
    expect(cornerAt(3, H - 79, W, H)).toBe('bottom-left');
    expect(cornerAt(W / 2, H / 2, W, H)).toBeNull();
    expect(cornerAt(W - 10, H / 2, W, H)).toBeNull();
  });

  it('rejects points off the screen and empty screens', () => {
    expect(cornerAt(-1, 0, W, H)).toBeNull();
    expect(cornerAt(0, H + 1, W, H)).toBeNull();
    expect(cornerAt(0, 0, 0, 0)).toBeNull();
    expect(cornerAt(Number.NaN, 0, W, H)).toBeNull();
  });

  it('reports corner taps, and a tap elsewhere only right after a corner tap', () => {
    expect(tapToReport('top-left', false)).toEqual({ report: true, corner: 'top-left' });
    expect(tapToReport(null, true)).toEqual({ report: true, corner: null });
    expect(tapToReport(null, false)).toEqual({ report: false, corner: null });
  });
});

describe('PIN pad', () => {
  const run = (actions: PinAction[], from: PinState = INITIAL_PIN) => actions.reduce(pinReducer, from);
  const digits = (text: string): PinAction[] => [...text].map((digit) => ({ type: 'digit', digit }));

  it('takes digits only, at most 12, and submits from 4', () => {
    expect(run(digits('12a4')).digits).toBe('124');
    expect(canSubmit(run(digits('123')))).toBe(false);
    expect(canSubmit(run(digits('1234')))).toBe(true);
    expect(run(digits('1234567890123')).digits).toBe('123456789012');
    expect(run([...digits('123'), { type: 'backspace' }]).digits).toBe('12');
    expect(run([...digits('123'), { type: 'clear' }]).digits).toBe('');
  });

  it('ignores keys while checking, and forgets the PIN after every answer', () => {
    const checking = run([...digits('602413'), { type: 'submit' }]);
    expect(checking.checking).toBe(true);
    expect(run([{ type: 'digit', digit: '9' }], checking).digits).toBe('602413');
    const wrong = run([{ type: 'answer', result: { status: 'wrong-pin', remainingAttempts: 2, retryInSeconds: 1 } }], checking);
    expect(wrong).toEqual({ digits: '', checking: false, notice: { kind: 'wrong-pin', remainingAttempts: 2 } });
    expect(run([{ type: 'failed', code: 'INTERNAL' }], checking)).toMatchObject({ digits: '', notice: { kind: 'error', code: 'INTERNAL' } });
  });

  it('counts a lockout down and refuses to submit meanwhile or when not provisioned', () => {
    const locked = run([...digits('1111'), { type: 'submit' }, { type: 'answer', result: { status: 'locked', retryInSeconds: 2, long: false } }]);
    expect(canSubmit(run(digits('1234'), locked))).toBe(false);
    const once = run([{ type: 'tick' }], locked);
    expect(once.notice).toEqual({ kind: 'locked', retryInSeconds: 1, long: false });
    expect(run([{ type: 'tick' }], once).notice).toEqual({ kind: 'none' });
    const unprovisioned = run([...digits('1234'), { type: 'submit' }, { type: 'answer', result: { status: 'not-provisioned' } }]);
    expect(canSubmit(run(digits('1234'), unprovisioned))).toBe(false);
  });
});

describe('configuration draft', () => {
  const field = (path: string, kind: ConfigFieldView['kind'], extra: Partial<ConfigFieldView> = {}): ConfigFieldView => ({
    path,
    kind,
    overridden: false,
    authority: 'staff',
    required: false,
    ...extra,
  });

  it('sets and removes values by path without touching the original', () => {
    const original: JsonObject = { upstream: { baseUrl: 'http://a' }, timeouts: { inactivitySeconds: 60 } };
    const set = setAt(original, ['timeouts', 'warningSeconds'], 10);
    expect(set).toEqual({ upstream: { baseUrl: 'http://a' }, timeouts: { inactivitySeconds: 60, warningSeconds: 10 } });
    expect(original.timeouts).toEqual({ inactivitySeconds: 60 });
    expect(setAt({}, ['staff', 'lockoutSeconds'], 90)).toEqual({ staff: { lockoutSeconds: 90 } });
    // Removing the last key of a section removes the section: the defaults apply again.
    expect(removeAt(set, ['timeouts', 'inactivitySeconds'])).toEqual({ upstream: { baseUrl: 'http://a' }, timeouts: { warningSeconds: 10 } });
    expect(removeAt({ upstream: { baseUrl: 'x' } }, ['upstream', 'baseUrl'])).toEqual({});
    expect(removeAt(original, ['nothing', 'here'])).toBe(original);
  });

  it('shows the draft value when set, else the running one, and counts changes', () => {
    const f = field('timeouts.inactivitySeconds', 'integer', { value: 60 });
    expect(shownValue(f, {})).toBe(60);
    expect(shownValue(f, { timeouts: { inactivitySeconds: 90 } })).toBe(90);
    const fields = [f, field('locale', 'enum')];
    expect(changedPaths(fields, {}, { timeouts: { inactivitySeconds: 90 } })).toEqual(['timeouts.inactivitySeconds']);
    expect(changedPaths(fields, { locale: 'en-US' }, { locale: 'en-US' })).toEqual([]);
  });

  it('parses typed text by kind and refuses what is not a number or JSON', () => {
    expect(parseFieldInput({ kind: 'integer' }, ' 42 ')).toEqual({ ok: true, value: 42 });
    expect(parseFieldInput({ kind: 'number' }, '-1.5')).toEqual({ ok: true, value: -1.5 });
    expect(parseFieldInput({ kind: 'integer' }, '4x')).toEqual({ ok: false, reason: 'number' });
    expect(parseFieldInput({ kind: 'integer' }, '')).toEqual({ ok: false, reason: 'number' });
    expect(parseFieldInput({ kind: 'integer', nullable: true }, '')).toEqual({ ok: true, value: null });
    expect(parseFieldInput({ kind: 'json' }, '[{"id":"k1"}]')).toEqual({ ok: true, value: [{ id: 'k1' }] });
    expect(parseFieldInput({ kind: 'json' }, '[{')).toEqual({ ok: false, reason: 'json' });
    expect(parseFieldInput({ kind: 'string' }, ' keep spaces ')).toEqual({ ok: true, value: ' keep spaces ' });
  });
});

describe('configuration keyboard', () => {
  const run = (actions: AsciiKeyboardAction[], max?: number) => actions.reduce(asciiKeyboardReducer, initAsciiKeyboard('', max));
  const keys = (text: string): AsciiKeyboardAction[] => [...text].map((key) => ({ type: 'key', key }));

  it('types printable ASCII, with shift for one capital', () => {
    expect(run([...keys('http://a'), { type: 'shift' }, ...keys('bc')]).value).toBe('http://aBc');
    expect(run(keys('ü\n\t')).value).toBe('');
    expect(run([...keys('ab'), { type: 'space' }, ...keys('c'), { type: 'backspace' }]).value).toBe('ab ');
  });

  it('stops at the maximum length', () => {
    expect(run(keys('abcdef'), 4).value).toBe('abcd');
  });
});
