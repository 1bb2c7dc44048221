/**
 * Paying by payment code in the journeys: what the simulator panel's "scan a payment code" does,
 * shown again while the pay step is still listening and the payment server has no new charge
 * (the first scan may land before the core listens).
 */
import { expect, type Page } from '@playwright/test';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { SAMPLE_PAYMENT_CODE } from '../../electron/shells/browser/demo/sample-scans.ts';

/** Resolves once the payment server's ledger holds `chargesBefore + 1` charges. */
export async function scanUntilCharged(page: Page, stack: DemoStack, chargesBefore: number, timeout = 30_000): Promise<void> {
  const scanning = page.locator('[data-testid="pay-step"][data-phase="scanning"]');
  await expect
    .poll(
      async () => {
        // count() does not wait: once paid, the pay step is gone and the poll must still answer.
        if (stack.paymentServer.ledger.charges.length === chargesBefore && (await scanning.count()) > 0) await stack.scanner!.scan(SAMPLE_PAYMENT_CODE);
        return stack.paymentServer.ledger.charges.length;
      },
      { timeout, intervals: [300] },
    )
    .toBe(chargesBefore + 1);
}
