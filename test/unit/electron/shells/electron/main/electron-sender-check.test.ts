import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../../../../electron/shells/electron/main/app-origin.ts';
import { checkSender, type FrameLike, type TrustedTarget } from '../../../../../../electron/shells/electron/main/sender-check.ts';

const mainFrame: FrameLike = { url: 'app://kiosk/index.html', processId: 4, frameToken: 'tok-main', parent: null };
const target: TrustedTarget = { webContentsId: 1, mainFrame };
const event = (frame: FrameLike | null, senderId = 1) => ({ sender: { id: senderId }, senderFrame: frame });

describe('IPC sender check (Electron mocked: no binary here)', () => {
  it('trusts the main frame of our window showing our app:// page', () => {
    expect(checkSender(event({ ...mainFrame }), target)).toEqual({ trusted: true });
    expect(checkSender(event({ ...mainFrame, url: 'app://kiosk/index.html#/credit' }), target)).toEqual({ trusted: true });
  });

  it.each([
    ['no window', event(mainFrame), null, 'no kiosk window'],
    ['another webContents', event(mainFrame, 2), target, 'foreign webContents'],
    ['a destroyed frame', event(null), target, 'sender frame gone'],
    ['a sub-frame', event({ ...mainFrame, frameToken: 'tok-sub', parent: mainFrame }), target, 'sub-frame'],
    ['a replaced main frame', event({ ...mainFrame, frameToken: 'tok-old' }), target, 'not the main frame'],
    ['another renderer process', event({ ...mainFrame, processId: 9 }), target, 'not the main frame'],
    ['a foreign page', event({ ...mainFrame, url: 'https://evil.example/' }), target, 'foreign origin'],
    ['a file:// page', event({ ...mainFrame, url: 'file:///tmp/index.html' }), target, 'foreign origin'],
    ['another app host', event({ ...mainFrame, url: 'app://other/index.html' }), target, 'foreign origin'],
    ['an empty URL', event({ ...mainFrame, url: '' }), target, 'foreign origin'],
  ])('refuses %s', (_label, e, t, reason) => {
    expect(checkSender(e, t)).toEqual({ trusted: false, reason });
  });
});

describe('isAppUrl', () => {
  it('matches scheme and host, not URL.origin (which is "null" for app:)', () => {
    expect(new URL('app://kiosk/x').origin).toBe('null');
    expect(isAppUrl('app://kiosk/x')).toBe(true);
    expect(isAppUrl('app://kiosk')).toBe(true);
    expect(isAppUrl('APP://KIOSK/x')).toBe(true);
    expect(isAppUrl('app://kiosk.evil.example/x')).toBe(false);
    expect(isAppUrl('app://user:pw@kiosk/x')).toBe(false);
    expect(isAppUrl('app://kiosk:8080/x')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
