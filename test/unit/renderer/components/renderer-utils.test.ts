import { describe, expect, it } from 'vitest';
import { modulePath } from '../../../../renderer/src/components/qr-path.ts';
import { hasSignature, inkLength, MIN_INK_LENGTH } from '../../../../renderer/src/components/signature-strokes.ts';
import { initialJourney, journeyReducer, type JourneyAction, type JourneyModel } from '../../../../renderer/src/journey/journey-state.ts';
import { go, guarded, machine } from '../../../../renderer/src/flow/machine.ts';
import { applyPrefs, DEFAULT_PREFS, nextScheme } from '../../../../renderer/src/prefs/prefs.ts';
import { frameDifference, isLifelike } from '../../../../renderer/src/camera/liveness.ts';
import { centreCrop, PHOTO_SIZE } from '../../../../renderer/src/services/id-photo/photo-geometry.ts';
import { createWedgeBuffer } from '../../../../renderer/src/services/shared/wedge-buffer.ts';
import { pickVoice } from '../../../../renderer/src/voice/voice-choice.ts';

describe('keyboard-wedge scans', () => {
  it('takes a fast burst of keys ending in Enter as one code', () => {
    const wedge = createWedgeBuffer({ gapMs: 50 });
    const keys = [...'CODE-1234'];
    keys.forEach((key, i) => expect(wedge.key(key, i * 5)).toBeNull());
    expect(wedge.key('Enter', keys.length * 5)).toBe('CODE-1234');
    expect(wedge.key('Enter', keys.length * 5 + 1)).toBeNull();
  });

  it('drops stray slow keys and codes too short to be codes', () => {
    const wedge = createWedgeBuffer({ gapMs: 50, minLength: 4 });
    wedge.key('x', 0);
    [...'ABCDE'].forEach((key, i) => wedge.key(key, 1000 + i * 5));
    expect(wedge.key('Enter', 1030)).toBe('ABCDE');
    wedge.key('A', 2000);
    expect(wedge.key('Enter', 2001)).toBeNull();
    wedge.key('Shift', 3000);
    [...'QWER'].forEach((key, i) => wedge.key(key, 3001 + i));
    expect(wedge.key('Enter', 3010)).toBe('QWER');
  });
});

describe('signature strokes', () => {
  it('counts ink and tells a signature from a stray tap', () => {
    const tap = [[{ x: 10, y: 10 }]];
    const line = [[{ x: 0, y: 0 }, { x: 30, y: 40 }, { x: 60, y: 80 }]];
    expect(inkLength(tap)).toBe(0);
    expect(inkLength(line)).toBe(100);
    expect(hasSignature(tap)).toBe(false);
    expect(hasSignature(line)).toBe(100 >= MIN_INK_LENGTH);
  });
});

describe('ID photo geometry and liveness hint', () => {
  it('crops the largest centred 358:441 rectangle', () => {
    const crop = centreCrop(1280, 720);
    expect(crop.height).toBe(720);
    expect(crop.width).toBeCloseTo((720 * PHOTO_SIZE.width) / PHOTO_SIZE.height, 5);
    expect(crop.x).toBeCloseTo((1280 - crop.width) / 2, 5);
    const tall = centreCrop(400, 1000);
    expect(tall.width).toBe(400);
    expect(tall.y).toBeCloseTo((1000 - tall.height) / 2, 5);
  });

  it('sees small movement as lifelike, noise-free stillness and a scene change as not', () => {
    const frame = (value: number) => new Uint8ClampedArray(32 * 24 * 4).fill(value);
    expect(frameDifference(frame(100), frame(100))).toBe(0);
    expect(isLifelike(frameDifference(frame(100), frame(100)))).toBe(false);
    expect(isLifelike(frameDifference(frame(100), frame(105)))).toBe(true);
    expect(isLifelike(frameDifference(frame(0), frame(200)))).toBe(false);
    expect(frameDifference(frame(1), new Uint8ClampedArray(4))).toBe(0);
  });
});

describe('speech voice choice', () => {
  const voices = [
    { lang: 'en-GB', name: 'b', localService: false },
    { lang: 'zh_CN', name: 'c', localService: false },
    { lang: 'en-US', name: 'a', localService: false },
    { lang: 'en-US', name: 'local', localService: true },
  ];
  it('prefers the exact language, a local voice, then the same primary language; none is none', () => {
    expect(pickVoice(voices, 'en-US')?.name).toBe('local');
    expect(pickVoice(voices, 'zh-CN')?.name).toBe('c');
    expect(pickVoice(voices, 'en-AU')?.lang).toMatch(/^en/);
    expect(pickVoice(voices, 'ug-CN')).toBeUndefined();
    expect(pickVoice([], 'zh-CN')).toBeUndefined();
  });
});

describe('display preferences', () => {
  it('cycles the schemes and applies them to the root element', () => {
    expect(nextScheme('standard')).toBe('contrast');
    expect(nextScheme('contrast')).toBe('dark');
    expect(nextScheme('dark')).toBe('standard');
    const classes = new Set<string>();
    const root = {
      classList: { toggle: (name: string, on?: boolean) => (on ? classes.add(name).has(name) : classes.delete(name)) },
      dataset: {} as Record<string, string | undefined>,
      style: { colorScheme: '' },
    };
    applyPrefs(root, { elder: true, scheme: 'dark' });
    expect([...classes]).toEqual(['elder']);
    expect(root.dataset.scheme).toBe('dark');
    expect(root.style.colorScheme).toBe('dark');
    applyPrefs(root, DEFAULT_PREFS);
    expect([...classes]).toEqual([]);
  });
});

describe('QR path', () => {
  it('draws each horizontal run of dark modules once', () => {
    const dark = new Set(['0,0', '0,1', '1,1']);
    expect(modulePath(2, (r, c) => dark.has(`${r},${c}`))).toBe('M0 0h2v1h-2zM1 1h1v1h-1z');
  });
});

describe('journey machines', () => {
  it('drops outcomes of an older op', () => {
    const reducer = guarded((m: ReturnType<typeof machine<string>>, a: { op?: number; to: string }) => go(m, a.to));
    const m = reducer(machine('a'), { to: 'b' });
    expect(m).toEqual({ state: 'b', op: 1 });
    expect(reducer(m, { op: 0, to: 'c' })).toBe(m);
    expect(reducer(m, { op: 1, to: 'c' }).state).toBe('c');
  });

  it('opens every service this UI has a journey for, and hands a lost session to the shell', () => {
    const run = (model: JourneyModel, ...actions: Array<JourneyAction | ((m: JourneyModel) => JourneyAction)>) =>
      actions.reduce<JourneyModel>((m, a) => journeyReducer(m, typeof a === 'function' ? a(m) : a), model);
    const home = run(initialJourney, { type: 'touchToStart' }, (m) => ({ type: 'sessionStarted', op: m.op, sessionId: 's-1' }));
    const forms = run(home, { type: 'openService', serviceId: 'form-filling' });
    expect(forms.state).toEqual({ screen: 'service', serviceId: 'form-filling' });
    expect(run(forms, { type: 'switchService', serviceId: 'credit-query' }).state).toEqual({ screen: 'service', serviceId: 'credit-query' });
    const enterprise = run(home, { type: 'openService', serviceId: 'credit-query' }, { type: 'switchService', serviceId: 'credit-enterprise' });
    expect(enterprise.state).toEqual({ screen: 'service', serviceId: 'credit-enterprise' });
    expect(run(home, { type: 'switchService', serviceId: 'form-filling' })).toBe(home);
    const lost = run(forms, { type: 'serviceFailed', code: 'NO_SESSION' });
    expect(lost.state).toMatchObject({ screen: 'error', code: 'NO_SESSION' });
    expect(lost.sessionId).toBeNull();
    expect(run(lost, { type: 'goHome' }).state).toEqual({ screen: 'attract' });
    const other = run(forms, { type: 'serviceFailed', code: 'INTERNAL' });
    expect(other.state).toMatchObject({ screen: 'error', step: 'service' });
    expect(run(other, { type: 'retry' })).toBe(other);
  });
});
