import { describe, expect, it } from 'vitest';
import type { KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';
import {
  canRetry,
  initialJourney,
  journeyReducer,
  watchesInactivity,
  type JourneyAction,
  type JourneyModel,
} from '../../../renderer/src/journey/journey-state.ts';
import { JOB_ID, card, holdsPersonalData, record } from './journey-fixtures.ts';

const run = (model: JourneyModel, ...actions: Array<JourneyAction | ((m: JourneyModel) => JourneyAction)>): JourneyModel =>
  actions.reduce<JourneyModel>((m, a) => journeyReducer(m, typeof a === 'function' ? a(m) : a), model);

const started = (m: JourneyModel): JourneyAction => ({ type: 'sessionStarted', op: m.op, sessionId: 'session-1' });
const cardRead = (m: JourneyModel): JourneyAction => ({ type: 'cardRead', op: m.op, card });
const creditLoaded = (m: JourneyModel): JourneyAction => ({ type: 'creditLoaded', op: m.op, record });
const failed = (code: KioskErrorCode) => (m: JourneyModel): JourneyAction => ({ type: 'stepFailed', op: m.op, code });
const printed = (status: 'printed' | 'waiting-for-paper' | 'failed') => (m: JourneyModel): JourneyAction => ({
  type: 'printDone',
  op: m.op,
  result: { jobId: JOB_ID, status },
});

const atHome = () => run(initialJourney, { type: 'touchToStart' }, started);
const atPlaceCard = () => run(atHome(), { type: 'openService', serviceId: 'credit-query' });
const atQuerying = () => run(atPlaceCard(), cardRead);
const atResult = () => run(atQuerying(), creditLoaded);
const atPrinting = () => run(atResult(), { type: 'print', jobId: JOB_ID });

describe('journey state machine', () => {
  it('walks the credit journey from attract to done', () => {
    const screens: string[] = [];
    let m = initialJourney;
    const steps: Array<JourneyAction | ((m: JourneyModel) => JourneyAction)> = [
      { type: 'touchToStart' },
      started,
      { type: 'openService', serviceId: 'credit-query' },
      { type: 'cardPresent' },
      cardRead,
      creditLoaded,
      { type: 'print', jobId: JOB_ID },
      printed('printed'),
      { type: 'endSession', reason: 'completed' },
      (x) => ({ type: 'sessionClosed', op: x.op }),
      { type: 'reset' },
    ];
    screens.push(m.state.screen);
    for (const step of steps) {
      m = run(m, step);
      screens.push(m.state.screen);
    }
    expect(screens).toEqual([
      'attract',
      'starting',
      'home',
      'credit.placeCard',
      'credit.reading',
      'credit.querying',
      'credit.result',
      'credit.printing',
      'credit.printed',
      'ending',
      'done',
      'attract',
    ]);
  });

  it('keeps the session id, and forgets it when the session is over', () => {
    expect(atResult().sessionId).toBe('session-1');
    const ended = run(atResult(), { type: 'endSession', reason: 'completed' }, (m) => ({ type: 'sessionClosed', op: m.op }));
    expect(ended.state).toEqual({ screen: 'done' });
    expect(ended.sessionId).toBeNull();
  });

  it('ignores the outcome of a step the citizen already left (stale op)', () => {
    const reading = atPlaceCard();
    const staleOp = reading.op;
    const home = run(reading, { type: 'goHome' });
    expect(home.state).toEqual({ screen: 'home' });
    // The read resolves after "back": it must not bring the card holder onto the screen.
    const after = journeyReducer(home, { type: 'cardRead', op: staleOp, card });
    expect(after).toBe(home);
    // Nor may a late failure of it show an error.
    expect(journeyReducer(home, { type: 'stepFailed', op: staleOp, code: 'READ_CANCELLED' })).toBe(home);
  });

  it('does not open services this UI has no journey for', () => {
    const home = atHome();
    expect(journeyReducer(home, { type: 'openService', serviceId: 'no-such-service' })).toBe(home);
  });

  it('ignores actions that make no sense in the current state', () => {
    const result = atResult();
    expect(run(result, { type: 'touchToStart' })).toBe(result);
    expect(run(result, { type: 'cardPresent' })).toBe(result);
    expect(run(result, { type: 'retry' })).toBe(result);
    expect(run(initialJourney, { type: 'print', jobId: JOB_ID })).toBe(initialJourney);
    expect(run(initialJourney, { type: 'goHome' })).toBe(initialJourney);
  });

  describe('errors', () => {
    it.each([
      ['card', () => atPlaceCard(), 'CARD_TIMEOUT', 'credit.placeCard'],
      ['card', () => atPlaceCard(), 'CARD_INVALID', 'credit.placeCard'],
      ['card', () => run(atPlaceCard(), { type: 'cardPresent' }), 'CARD_READ_FAILED', 'credit.placeCard'],
      ['card', () => atPlaceCard(), 'DEVICE_UNAVAILABLE', 'credit.placeCard'],
      ['query', () => atQuerying(), 'UPSTREAM_UNAVAILABLE', 'credit.querying'],
      ['print', () => atPrinting(), 'PRINTER_ERROR', 'credit.printing'],
      ['session', () => run(initialJourney, { type: 'touchToStart' }), 'INTERNAL', 'starting'],
    ] as const)('a %s step failing with %s can be retried', (step, at, code, retryScreen) => {
      const m = run(at(), failed(code));
      expect(m.state).toMatchObject({ screen: 'error', code, step });
      expect(canRetry(m.state)).toBe(true);
      expect(run(m, { type: 'retry' }).state.screen).toBe(retryScreen);
    });

    it('retrying a print reuses the same job id and shows the same record', () => {
      const m = run(atPrinting(), failed('PRINTER_ERROR'), { type: 'retry' });
      expect(m.state).toEqual({ screen: 'credit.printing', card, record, jobId: JOB_ID });
    });

    it('retrying a query keeps the card holder on screen', () => {
      const m = run(atQuerying(), failed('UPSTREAM_UNAVAILABLE'), { type: 'retry' });
      expect(m.state).toEqual({ screen: 'credit.querying', card });
    });

    it('out of paper (or a failed print) offers a reprint of the same job', () => {
      for (const status of ['waiting-for-paper', 'failed'] as const) {
        const m = run(atPrinting(), printed(status));
        expect(m.state).toMatchObject({ screen: 'credit.printed', print: { status } });
        expect(run(m, { type: 'retry' }).state).toEqual({ screen: 'credit.printing', card, record, jobId: JOB_ID });
      }
      const done = run(atPrinting(), printed('printed'));
      expect(run(done, { type: 'retry' })).toBe(done);
    });

    it.each(['UPSTREAM_REJECTED', 'INVALID_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND'] as const)(
      '%s cannot be retried; home keeps the session',
      (code) => {
        const m = run(atQuerying(), failed(code));
        expect(canRetry(m.state)).toBe(false);
        expect(run(m, { type: 'retry' })).toBe(m);
        const home = run(m, { type: 'goHome' });
        expect(home.state).toEqual({ screen: 'home' });
        expect(home.sessionId).toBe('session-1');
        expect(holdsPersonalData(home)).toBe(false);
      },
    );

    it('NO_SESSION drops everything personal at once and home returns to attract', () => {
      const m = run(atPrinting(), failed('NO_SESSION'));
      expect(m.state).toEqual({ screen: 'error', code: 'NO_SESSION', step: 'session' });
      expect(m.sessionId).toBeNull();
      expect(holdsPersonalData(m)).toBe(false);
      expect(canRetry(m.state)).toBe(false);
      expect(run(m, { type: 'goHome' })).toEqual({ ...initialJourney, op: m.op + 1 });
    });

    it('a failed start goes back to attract from home, with no session to end', () => {
      const m = run(initialJourney, { type: 'touchToStart' }, failed('DEVICE_UNAVAILABLE'));
      expect(run(m, { type: 'goHome' }).state).toEqual({ screen: 'attract' });
      // Inactivity on that error screen also just returns to attract.
      expect(run(m, { type: 'endSession', reason: 'inactivity' }).state).toEqual({ screen: 'attract' });
    });
  });

  describe('wipe', () => {
    const personal: Array<[string, () => JourneyModel]> = [
      ['querying', atQuerying],
      ['result', atResult],
      ['printing', atPrinting],
      ['printed', () => run(atPrinting(), printed('waiting-for-paper'))],
      ['print error', () => run(atPrinting(), failed('PRINTER_ERROR'))],
      ['query error', () => run(atQuerying(), failed('UPSTREAM_UNAVAILABLE'))],
    ];

    it.each(personal)('the %s state holds personal data (so the checks below mean something)', (_name, at) => {
      expect(holdsPersonalData(at())).toBe(true);
    });

    it.each(personal)('inactivity in %s ends the session and leaves nothing personal', (_name, at) => {
      const ending = run(at(), { type: 'endSession', reason: 'inactivity' });
      expect(ending.state).toEqual({ screen: 'ending', reason: 'inactivity' });
      expect(holdsPersonalData(ending)).toBe(false);
      const closed = run(ending, (m) => ({ type: 'sessionClosed', op: m.op }));
      expect(closed.state).toEqual({ screen: 'attract' });
      expect(closed.sessionId).toBeNull();
    });

    it.each(personal)('a sessionEnded pushed by the core in %s returns to attract with nothing personal', (_name, at) => {
      const m = run(at(), { type: 'sessionEndedByCore', sessionId: 'session-1' });
      expect(m.state).toEqual({ screen: 'attract' });
      expect(m.sessionId).toBeNull();
      expect(holdsPersonalData(m)).toBe(false);
    });

    it.each(personal)('going home from %s drops the card holder and the record', (_name, at) => {
      const m = run(at(), { type: 'goHome' });
      expect(m.state).toEqual({ screen: 'home' });
      expect(holdsPersonalData(m)).toBe(false);
    });

    it('finishing drops personal data before the core even answers', () => {
      const m = run(atResult(), { type: 'endSession', reason: 'completed' });
      expect(holdsPersonalData(m)).toBe(false);
      // A failing endSession still completes the local wipe.
      const closed = run(m, (x) => ({ type: 'stepFailed', op: x.op, code: 'INTERNAL' }));
      expect(closed.state).toEqual({ screen: 'attract' });
    });

    it('ignores a sessionEnded for an earlier session', () => {
      const m = atResult();
      expect(run(m, { type: 'sessionEndedByCore', sessionId: 'session-0' })).toBe(m);
    });

    it('lets our own endSession finish the journey even if the core pushes sessionEnded first', () => {
      const ending = run(atResult(), { type: 'endSession', reason: 'completed' });
      const pushed = run(ending, { type: 'sessionEndedByCore', sessionId: 'session-1' });
      expect(pushed).toBe(ending);
      expect(run(pushed, (m) => ({ type: 'sessionClosed', op: m.op })).state).toEqual({ screen: 'done' });
    });
  });

  it('watches for inactivity only where a citizen may walk away', () => {
    expect(watchesInactivity({ screen: 'attract' })).toBe(false);
    expect(watchesInactivity({ screen: 'starting' })).toBe(false);
    expect(watchesInactivity({ screen: 'ending', reason: 'completed' })).toBe(false);
    expect(watchesInactivity({ screen: 'done' })).toBe(false);
    expect(watchesInactivity({ screen: 'home' })).toBe(true);
    expect(watchesInactivity(atResult().state)).toBe(true);
  });
});
