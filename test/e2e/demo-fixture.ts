/**
 * Starts the whole demo terminal (simulators over PTYs, reference upstream, core, browser shell)
 * for a test file, and gives the test direct handles on the simulators.
 */
import { test as base } from '@playwright/test';
import { startDemoStack, type DemoStack, type DemoStackOptions } from '../../electron/shells/browser/demo/demo-stack.ts';
import { SERVICE_IDS } from '../../electron/core/config/config-schema.ts';

// The shortest the schema allows for the warnings (tests fast-forward the page clock through them).
export const e2eTimeouts = { inactivitySeconds: 25, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 5 };

export function demoTest(options: DemoStackOptions = {}) {
  return base.extend<object, { stack: DemoStack }>({
    stack: [
      // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
      async ({}, use) => {
        const stack = await startDemoStack({
          ...options,
          // 人证核验 has its own journey file (person-check.e2e.ts, with a face video for the camera);
          // the other journeys run on a terminal the fleet configured without it.
          configOverride: { timeouts: e2eTimeouts, personCheck: { required: false }, ...options.configOverride },
        });
        await use(stack);
        await stack.close();
      },
      { scope: 'worker' },
    ],
  });
}

/** Every citizen service, the police tiles included: what the service journeys test. */
// The config schema's list is the whole catalogue of services a terminal can switch on.
export const ALL_SERVICES: string[] = [...SERVICE_IDS];

let shared: ReturnType<typeof demoTest> | undefined;

/**
 * One demo terminal for all the service journey files: Playwright keeps a worker (and its
 * worker-scoped stack) across files that use the same test object, which saves a stack start per
 * file. Tests on it assume nothing about what earlier tests left behind: they put the card on
 * the reader or take it off themselves and count receipts from where they start.
 */
export function sharedDemoTest() {
  shared ??= demoTest({ configOverride: { services: { enabled: ALL_SERVICES } } });
  return shared;
}
