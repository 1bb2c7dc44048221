/**
 * Tiles follow the upstream's health on the real core (demo stack: real drivers on PTYs, the
 * reference upstream on loopback, its faults switched on and off): a query service closes with
 * the reason while the upstream cannot answer, a submission service stays open and says it will be
 * delivered later, and the screen is told by a networkState event when to look again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkStateView, ServiceTile, TerminalInfo } from '../../../../../electron/contract/kiosk-api.ts';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { startSimPanel } from '../../../../../electron/shells/browser/demo/sim-panel.ts';
import { waitFor } from '../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'integration' };
let stack: DemoStack;
const networkEvents: NetworkStateView[] = [];

async function tiles(): Promise<Map<string, ServiceTile>> {
  const res = await stack.core.apiHost.dispatch('getTerminalInfo', {}, ctx);
  if (!res.ok) throw new Error(`getTerminalInfo: ${res.error.code}`);
  return new Map((res.value as TerminalInfo).services.map((tile) => [tile.id, tile]));
}

/** Probes until the monitor reaches `state`: the probe schedule itself is seconds apart. */
async function probeUntil(state: NetworkStateView['state']): Promise<void> {
  const { monitor } = stack.core.outbox;
  await waitFor(
    async () => {
      await monitor.probeNow();
      return monitor.state === state;
    },
    15_000,
    `network state ${state}`,
  );
}

beforeAll(async () => {
  stack = await startDemoStack({ configOverride: { upstream: { timeoutMs: 800 } } });
  stack.core.dispatcher.onEvent((event, payload) => {
    if (event === 'networkState') networkEvents.push(payload as NetworkStateView);
  });
  await waitFor(() => stack.core.devices.isReady('idCard') && stack.core.devices.isReady('printer'), 10_000, 'devices ready');
  await probeUntil('online');
});

afterAll(async () => {
  await stack?.close();
});

describe('service tiles follow the upstream', () => {
  it('offers query and submission services plainly while the upstream answers', async () => {
    const all = await tiles();
    expect(all.get('credit-query')).toMatchObject({ kind: 'query', available: true });
    expect(all.get('credit-query')).not.toHaveProperty('unavailableReason');
    expect(all.get('credit-commitment')).toMatchObject({ kind: 'submission', available: true });
    expect(all.get('credit-commitment')).not.toHaveProperty('deliveredLater');
  });

  it('closes query tiles with "network-offline" when the upstream cannot be reached, keeps submissions open', async () => {
    networkEvents.length = 0;
    stack.upstream.setFault('reset');
    await probeUntil('offline');
    expect(networkEvents.map((e) => e.state)).toContain('offline');
    const all = await tiles();
    expect(all.get('credit-query')).toMatchObject({ available: false, unavailableReason: 'network-offline' });
    expect(all.get('progress-query')).toMatchObject({ available: false, unavailableReason: 'network-offline' });
    expect(all.get('credit-commitment')).toMatchObject({ available: true, deliveredLater: true });
    expect(all.get('form-filling')).toMatchObject({ available: true, deliveredLater: true });
    expect(all.get('service-guide')).toMatchObject({ kind: 'local', available: true });
    expect(all.get('service-guide')).not.toHaveProperty('deliveredLater');
  });

  it('says "upstream-failing" when the upstream answers with server errors', async () => {
    stack.upstream.setFault('http-500');
    await probeUntil('degraded');
    const all = await tiles();
    expect(all.get('credit-query')).toMatchObject({ available: false, unavailableReason: 'upstream-failing' });
    expect(all.get('credit-commitment')).toMatchObject({ available: true, deliveredLater: true });
  });

  it('opens the tiles again once the upstream is back', async () => {
    networkEvents.length = 0;
    stack.upstream.setFault('none');
    await probeUntil('online');
    expect(networkEvents.map((e) => e.state)).toContain('online');
    const all = await tiles();
    expect(all.get('credit-query')).toMatchObject({ available: true });
    expect(all.get('credit-commitment')).not.toHaveProperty('deliveredLater');
  });

});

describe('the demo simulator panel takes the link down and brings it back', () => {
  it('network down, upstream down, back to normal; an unknown condition is refused and changes nothing', async () => {
    const panel = await startSimPanel(stack);
    const post = (condition: string) =>
      fetch(new URL('/upstream/condition', panel.url), {
        method: 'POST',
        headers: { 'x-sim-panel': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ condition }),
      });
    try {
      expect(await (await fetch(panel.url)).text()).toContain('data-link="network-down"');

      const down = await post('network-down');
      expect(down.status).toBe(200);
      expect(await down.json()).toMatchObject({ network: 'offline' });
      expect((await tiles()).get('credit-query')).toMatchObject({ available: false, unavailableReason: 'network-offline' });

      const refused = await post('meteor-strike');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: expect.stringContaining('meteor-strike') });
      expect(stack.upstream.fault).toBe('reset');

      expect(await (await post('upstream-down')).json()).toMatchObject({ network: 'degraded' });
      expect((await tiles()).get('credit-query')).toMatchObject({ available: false, unavailableReason: 'upstream-failing' });

      expect(await (await post('normal')).json()).toMatchObject({ network: 'online' });
      expect((await tiles()).get('credit-query')).toMatchObject({ available: true });
    } finally {
      stack.upstream.setFault('none');
      await panel.close();
    }
  });
});
