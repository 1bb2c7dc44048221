/**
 * The Electron renderer watchdog as a pure state machine, so every decision is testable without
 * Electron. The main process feeds it what it sees (the renderer process died, Chromium says the
 * page is unresponsive, a ping into the page was or was not answered, a tick) and carries out the
 * action it returns. A ping checks that our page answers and has rendered (not a white screen),
 * not just that a process exists.
 *
 *   loading → healthy ⇄ (unresponsive | missed pings) → recovering → healthy …
 *   too many restarts in the window → out-of-service → (after a cool-down) recovering
 */
import { mayRestart, recentRestarts, type RestartBrakePolicy } from './restart-brake.ts';

export type RendererHealth = 'loading' | 'healthy' | 'recovering' | 'out-of-service';

export interface RendererWatchdogPolicy {
  /** Pings in a row that may go unanswered before the renderer is restarted. */
  maxMissedPings: number;
  /** How long Chromium's 'unresponsive' may last before the renderer is restarted. */
  unresponsiveGraceMs: number;
  /** Time a (re)loaded page has to answer its first ping. */
  loadGraceMs: number;
  brake: RestartBrakePolicy;
  /** Out of service this long, then one more try (with the brake released). */
  outOfServiceRetryMs: number;
}

export const DEFAULT_RENDERER_POLICY: RendererWatchdogPolicy = {
  maxMissedPings: 3,
  unresponsiveGraceMs: 15_000,
  loadGraceMs: 30_000,
  brake: { maxRestarts: 3, windowMs: 10 * 60_000 },
  outOfServiceRetryMs: 30 * 60_000,
};

export interface RendererWatchdogState {
  health: RendererHealth;
  /** When the current page load (or recovery) began. */
  since: number;
  missedPings: number;
  unresponsiveSince: number | null;
  restarts: readonly number[];
  /** Set once the page has answered a ping for the first time since the app started. */
  everHealthy: boolean;
}

export type RendererEvent =
  | { type: 'render-process-gone'; reason: string; at: number }
  | { type: 'unresponsive'; at: number }
  | { type: 'responsive'; at: number }
  /** The page answered; `rendered` false means it answered but our app has not drawn anything. */
  | { type: 'ping-answered'; rendered: boolean; at: number }
  | { type: 'ping-failed'; at: number }
  | { type: 'tick'; at: number };

export type RendererAction =
  | { kind: 'none' }
  /** Load the app page again (the renderer process is gone or the page is broken). */
  | { kind: 'reload'; reason: string }
  /** Kill the hung renderer process first, then load the app page. */
  | { kind: 'kill-and-reload'; reason: string }
  | { kind: 'show-out-of-service'; reason: string }
  /** First healthy answer since start: the boot guard can mark the start healthy. */
  | { kind: 'became-healthy' };

export function initialRendererState(now: number): RendererWatchdogState {
  return { health: 'loading', since: now, missedPings: 0, unresponsiveSince: null, restarts: [], everHealthy: false };
}

type Step = { state: RendererWatchdogState; action: RendererAction };
const none: RendererAction = { kind: 'none' };

export function stepRendererWatchdog(state: RendererWatchdogState, event: RendererEvent, policy: RendererWatchdogPolicy): Step {
  const at = event.at;
  if (state.health === 'out-of-service') {
    if (event.type === 'tick' && at - state.since >= policy.outOfServiceRetryMs) {
      // One more try with a clean slate: the fault may have been transient (a device, the network).
      return { state: { ...state, health: 'recovering', since: at, missedPings: 0, unresponsiveSince: null, restarts: [] }, action: { kind: 'reload', reason: 'retry after out of service' } };
    }
    return { state, action: none };
  }

  switch (event.type) {
    case 'render-process-gone':
      return restart(state, at, policy, 'reload', `renderer process gone (${event.reason})`);
    case 'unresponsive':
      return { state: { ...state, unresponsiveSince: state.unresponsiveSince ?? at }, action: none };
    case 'responsive':
      return { state: { ...state, unresponsiveSince: null }, action: none };
    case 'ping-answered': {
      if (!event.rendered) return missedPing(state, at, policy, 'page answered but shows nothing');
      const next = { ...state, health: 'healthy' as const, missedPings: 0, unresponsiveSince: null, everHealthy: true };
      return { state: next, action: state.everHealthy ? none : { kind: 'became-healthy' } };
    }
    case 'ping-failed':
      return missedPing(state, at, policy, 'page does not answer');
    case 'tick':
      if (state.unresponsiveSince !== null && at - state.unresponsiveSince >= policy.unresponsiveGraceMs) {
        return restart(state, at, policy, 'kill-and-reload', 'renderer unresponsive');
      }
      return { state, action: none };
  }
}

function missedPing(state: RendererWatchdogState, at: number, policy: RendererWatchdogPolicy, why: string): Step {
  // A page still loading after a (re)start gets its grace period before misses count.
  if (state.health !== 'healthy' && at - state.since < policy.loadGraceMs) return { state, action: none };
  const missedPings = state.missedPings + 1;
  if (missedPings < policy.maxMissedPings) return { state: { ...state, missedPings }, action: none };
  return restart(state, at, policy, 'kill-and-reload', `${why} (${missedPings} pings)`);
}

function restart(state: RendererWatchdogState, at: number, policy: RendererWatchdogPolicy, kind: 'reload' | 'kill-and-reload', reason: string): Step {
  if (!mayRestart(state.restarts, policy.brake, at)) {
    return {
      state: { ...state, health: 'out-of-service', since: at, missedPings: 0, unresponsiveSince: null },
      action: { kind: 'show-out-of-service', reason: `${reason}; restart brake engaged` },
    };
  }
  const restarts = [...recentRestarts(state.restarts, policy.brake, at), at];
  return { state: { ...state, health: 'recovering', since: at, missedPings: 0, unresponsiveSince: null, restarts }, action: { kind, reason } };
}

/**
 * Runs in the page's main world: answers only when the document is loaded and our React root has
 * content. Plain expression, no side effects.
 */
export const RENDERER_PING_SCRIPT =
  "document.readyState === 'complete' && !!document.getElementById('root') && document.getElementById('root').childElementCount > 0";
