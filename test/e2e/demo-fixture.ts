/**
 * Starts the whole demo terminal (simulators over PTYs, reference upstream, core, browser shell)
 * for a test file, and gives the test direct handles on the simulators.
 */
import { test as base } from '@playwright/test';
import { startDemoStack, type DemoStack, type DemoStackOptions } from '../../electron/browser/demo/demo-stack.ts';

export const e2eTimeouts = { inactivitySeconds: 15, warningSeconds: 5, idCardReadSeconds: 5 };

export function demoTest(options: DemoStackOptions = {}) {
  return base.extend<object, { stack: DemoStack }>({
    stack: [
      // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
      async ({}, use) => {
        const stack = await startDemoStack({
          ...options,
          configOverride: { timeouts: e2eTimeouts, ...options.configOverride },
        });
        await use(stack);
        await stack.close();
      },
      { scope: 'worker' },
    ],
  });
}
