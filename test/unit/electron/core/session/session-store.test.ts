import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../../../../electron/core/session/session-store.ts';
import type { IdCardData } from '../../../../../native/idcard/id-card-data.ts';

const card = (): IdCardData => ({
  cardType: 'resident',
  name: '测试',
  gender: 'male',
  nation: '汉',
  birthDate: '19491231',
  address: '测试地址',
  idNumber: '11010519491231002X',
  issuer: '测试公安局',
  validFrom: '20200101',
  validTo: 'long-term',
  photoWlt: new Uint8Array(1024).fill(7),
});

describe('SessionStore', () => {
  afterEach(() => vi.useRealTimers());

  it('wipes identity bytes and strings when a session ends', () => {
    const store = new SessionStore({ backstopMs: 60_000 });
    const session = store.start();
    const identity = card();
    session.identity = identity;
    const ended: string[] = [];
    store.on('ended', (e) => ended.push(e.reason));
    store.end('completed');
    expect(ended).toEqual(['completed']);
    expect(store.current()).toBeUndefined();
    expect(session.identity).toBeUndefined();
    expect(identity.photoWlt.every((b) => b === 0)).toBe(true);
    expect(identity.idNumber).toBe('');
    expect(identity.name).toBe('');
  });

  it('drops the 人证核验 decision with the session: the next citizen starts unverified', () => {
    const store = new SessionStore({ backstopMs: 60_000 });
    const session = store.start();
    session.identity = card();
    session.personCheck = { decision: 'passed', tries: 1, lastSimilarity: 0.82, cardKey: 'k', decidedAt: new Date() };
    store.end('completed');
    expect(session.personCheck).toBeUndefined();
    expect(store.start().personCheck).toBeUndefined();
  });

  it('ends a forgotten session on the backstop timer and postpones it on activity', () => {
    vi.useFakeTimers();
    const store = new SessionStore({ backstopMs: 1000 });
    const reasons: string[] = [];
    store.on('ended', (e) => reasons.push(e.reason));
    store.start();
    vi.advanceTimersByTime(900);
    store.touch();
    vi.advanceTimersByTime(900);
    expect(store.current()).toBeDefined();
    vi.advanceTimersByTime(200);
    expect(store.current()).toBeUndefined();
    expect(reasons).toEqual(['backstop']);
  });

  it('starting a new session ends the previous one first', () => {
    const store = new SessionStore({ backstopMs: 60_000 });
    const first = store.start();
    first.identity = card();
    const second = store.start();
    expect(second.id).not.toBe(first.id);
    expect(first.identity).toBeUndefined();
    expect(store.end('completed')).toEqual({ sessionId: second.id });
    expect(store.end('completed')).toBeUndefined();
  });
});
