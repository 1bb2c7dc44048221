/** The network state the screen shows discreetly, with the number of submissions still queued. */
import type { NetworkStateView } from '../../contract/kiosk-api.ts';
import type { NetworkMonitor } from '../outbox/network-monitor.ts';
import type { Outbox } from '../outbox/outbox.ts';

export function networkStateView(monitor: NetworkMonitor, outbox: Outbox): NetworkStateView {
  const { state, changedAt } = monitor.snapshot();
  return { state, since: changedAt, queued: outbox.count('pending') };
}
