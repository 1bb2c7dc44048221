import { describe, expect, it } from 'vitest';
import type { KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import {
  canRetry,
  initialJourney,
  journeyReducer,
  watchesInactivity,
  type JourneyAction,
  type JourneyModel,
} from '../../../../renderer/src/journey/journey-state.ts';


const run = (model: JourneyModel, ...actions: Array<JourneyAction | ((m: JourneyModel) => JourneyAction)>): JourneyModel =>
  actions.reduce<JourneyModel>((m, a) => journeyReducer(m, typeof a === 'function' ? a(m) : a), model);

const started = (m: JourneyModel): JourneyAction => ({ type: 'sessionStarted', op: m.op, sessionId: 'session-1' });
const failed = (code: KioskErrorCode) => (m: JourneyModel): JourneyAction => ({ type: 'stepFailed', op: m.op, code });

const atHome = () => run(initialJourney, { type: 'touchToStart' }, started);
const atService = (serviceId = 'credit-query') => run(atHome(), { type: 'openService', serviceId });

describe('journey state machine', () => {
  it('walks from attract through a service to done', () => {
    const screens: string[] = [];
    let m = initialJourney;
    const steps: Array<JourneyAction | ((m: JourneyModel) => JourneyAction)> = [
      { type: 'touchToStart' },
      started,
      { type: 'openService', serviceId: 'credit-query' },
      { type: 'switchService', serviceId: 'credit-enterprise' },
      { type: 'endSession', reason: 'completed' },
      (x) => ({ type: 'sessionClosed', op: x.op }),
      { type: 'reset' },
    ];
    screens.push(m.state.screen);
    for (const step of steps) {
      m = run(m, step);
      screens.push(m.state.screen === 'service' ? `service:${m.state.serviceId}` : m.state.screen);
    }
    expect(screens).toEqual(['attract', 'starting', 'home', 'service:credit-query', 'service:credit-enterprise', 'ending', 'done', 'attract']);
  });

  it('keeps the session id, and forgets it when the session is over', () => {
    expect(atService().sessionId).toBe('session-1');
    const ended = run(atService(), { type: 'endSession', reason: 'completed' }, (m) => ({ type: 'sessionClosed', op: m.op }));
    expect(ended.state).toEqual({ screen: 'done' });
    expect(ended.sessionId).toBeNull();
  });

  it('ignores the outcome of a step the citizen already left (stale op)', () => {
    const ending = run(atService(), { type: 'endSession', reason: 'completed' });
    const staleOp = ending.op;
    const done = run(ending, { type: 'sessionClosed', op: staleOp });
    expect(done.state).toEqual({ screen: 'done' });
    // A late failure of the finished step must not show an error on the next citizen's screen.
    expect(journeyReducer(done, { type: 'stepFailed', op: staleOp, code: 'INTERNAL' })).toBe(done);
  });

  it('does not open services this UI has no journey for', () => {
    const home = atHome();
    expect(journeyReducer(home, { type: 'openService', serviceId: 'no-such-service' })).toBe(home);
  });

  it('ignores actions that make no sense in the current state', () => {
    const service = atService();
    expect(run(service, { type: 'touchToStart' })).toBe(service);
    expect(run(service, { type: 'retry' })).toBe(service);
    expect(run(atHome(), { type: 'switchService', serviceId: 'credit-query' })).toEqual(atHome());
    expect(run(initialJourney, { type: 'goHome' })).toBe(initialJourney);
  });

  describe('errors', () => {
    it('a failed start can be retried', () => {
      const m = run(initialJourney, { type: 'touchToStart' }, failed('INTERNAL'));
      expect(m.state).toMatchObject({ screen: 'error', code: 'INTERNAL', step: 'session' });
      expect(canRetry(m.state)).toBe(true);
      expect(run(m, { type: 'retry' }).state.screen).toBe('starting');
    });

    it('a service that lost its footing shows the error; home keeps the session', () => {
      const m = run(atService(), { type: 'serviceFailed', code: 'UPSTREAM_UNAVAILABLE' });
      expect(m.state).toEqual({ screen: 'error', code: 'UPSTREAM_UNAVAILABLE', step: 'service' });
      expect(canRetry(m.state)).toBe(false);
      const home = run(m, { type: 'goHome' });
      expect(home.state).toEqual({ screen: 'home' });
      expect(home.sessionId).toBe('session-1');
    });

    it('NO_SESSION forgets the session at once and home returns to attract', () => {
      const m = run(atService(), { type: 'serviceFailed', code: 'NO_SESSION' });
      expect(m.state).toEqual({ screen: 'error', code: 'NO_SESSION', step: 'session' });
      expect(m.sessionId).toBeNull();
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

  // A service's personal data lives in its own journey, mounted only in the 'service' state: every
  // way out of that state unmounts it (the component tests prove the unmount wipes the DOM).
  describe('leaving a service', () => {
    it('inactivity ends the session, and a closed session returns to attract', () => {
      const ending = run(atService(), { type: 'endSession', reason: 'inactivity' });
      expect(ending.state).toEqual({ screen: 'ending', reason: 'inactivity' });
      const closed = run(ending, (m) => ({ type: 'sessionClosed', op: m.op }));
      expect(closed.state).toEqual({ screen: 'attract' });
      expect(closed.sessionId).toBeNull();
    });

    it('a sessionEnded pushed by the core returns to attract', () => {
      const m = run(atService(), { type: 'sessionEndedByCore', sessionId: 'session-1' });
      expect(m.state).toEqual({ screen: 'attract' });
      expect(m.sessionId).toBeNull();
    });

    it('going home leaves the service', () => {
      expect(run(atService(), { type: 'goHome' }).state).toEqual({ screen: 'home' });
    });

    it('finishing leaves the service before the core even answers, and a failing end still wipes', () => {
      const m = run(atService(), { type: 'endSession', reason: 'completed' });
      expect(m.state.screen).toBe('ending');
      const closed = run(m, (x) => ({ type: 'stepFailed', op: x.op, code: 'INTERNAL' }));
      expect(closed.state).toEqual({ screen: 'attract' });
    });

    it('ignores a sessionEnded for an earlier session', () => {
      const m = atService();
      expect(run(m, { type: 'sessionEndedByCore', sessionId: 'session-0' })).toBe(m);
    });

    it('lets our own endSession finish the journey even if the core pushes sessionEnded first', () => {
      const ending = run(atService(), { type: 'endSession', reason: 'completed' });
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
    expect(watchesInactivity(atService().state)).toBe(true);
  });
});
