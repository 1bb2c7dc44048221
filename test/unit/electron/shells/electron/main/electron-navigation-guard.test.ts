import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { guardWebContents } from '../../../../../../electron/shells/electron/main/navigation-guard.ts';

type OpenHandler = (details: { url: string }) => { action: string };

/** Just enough of WebContents: events plus setWindowOpenHandler. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
}

function navigationEvent(url: string) {
  const event = { url, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

function setUp() {
  const contents = new FakeContents();
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  guardWebContents(contents as unknown as WebContents, { warn: (m, f) => warnings.push([m, f]) });
  return { contents, warnings };
}

describe('navigation guard (Electron mocked: no binary here)', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: allows our own pages only', (name) => {
    const { contents } = setUp();
    const inside = navigationEvent('app://kiosk/index.html#/credit');
    contents.emit(name, inside);
    expect(inside.prevented).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)']) {
      const outside = navigationEvent(url);
      contents.emit(name, outside);
      expect(outside.prevented).toBe(true);
    }
  });

  it('logs a blocked navigation without its path or query (they may carry personal data)', () => {
    const { contents, warnings } = setUp();
    contents.emit('will-navigate', navigationEvent('https://evil.example/steal?id=110101199003071234'));
    expect(warnings).toEqual([['navigation blocked', { target: 'https://evil.example' }]]);
  });

  it('denies every window.open and blocks webviews', () => {
    const { contents } = setUp();
    expect(contents.openHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const attach = navigationEvent('');
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.prevented).toBe(true);
  });
});
