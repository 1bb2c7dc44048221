/**
 * A driver for the process-device tests that misbehaves on request: it blocks its
 * process, crashes it, never settles, or throws a driver error, so the proxy's defences are tested
 * against real driver processes.
 */
import { DeviceStateMachine } from '../../native/device/device-state.ts';
import { IdCardError } from '../../native/idcard/idcard-error.ts';
import type { HostedDriver } from '../../electron/core/devices/driver-process/driver-specs.ts';

/** Raised while a `wait` call runs in the driver. */
export const WAITING_FLAG = 'waiting';

export function createHostedDriver(options: { failOpen?: boolean } = {}): HostedDriver {
  const state = new DeviceStateMachine('fixture');
  const removed: (() => void)[] = [];
  return {
    state,
    details: () => ({ firmware: 'fixture-1.0' }),
    isLinkFailure: (reason) => reason !== 'paper-out',
    onCardRemoved: (listener) => removed.push(listener),
    methods: {
      open: async () => {
        state.transition({ kind: 'connecting' });
        if (options.failOpen) {
          state.transition({ kind: 'error', reason: 'cannot open /dev/ttyFIXTURE' });
          throw new IdCardError('port', 'cannot open /dev/ttyFIXTURE');
        }
        state.transition({ kind: 'ready' });
      },
      close: async () => {
        if (state.state.kind !== 'disconnected') state.transition({ kind: 'disconnected' });
      },
      echo: async (args) => args,
      bytes: async ([length]) => Uint8Array.from({ length: length as number }, (_, i) => i & 0xff),
      flags: async ([flags]) => state.setFlags(flags as string[]),
      paperOut: async () => state.transition({ kind: 'error', reason: 'paper-out' }),
      removeCard: async () => removed.forEach((listener) => listener()),
      failWith: async () => {
        throw new IdCardError('sam-status', 'card read failed: the SAM module failed its self-check', {
          samStatus: { sw3: 0x60, code: 'sam-self-check-failed', message: 'self-check failed', ok: false },
        });
      },
      wait: (_args, signal) =>
        new Promise((resolve, reject) => {
          // The flag shows the test that the call runs in the driver process, so it aborts a call
          // under way rather than one still on its way there.
          state.setFlags([...state.flags, WAITING_FLAG]);
          const done = () => state.setFlags(state.flags.filter((flag) => flag !== WAITING_FLAG));
          const timer = setTimeout(() => {
            done();
            resolve(undefined);
          }, 10_000);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            done();
            reject(new IdCardError('cancelled', 'ID-card operation cancelled'));
          });
        }),
      never: () => new Promise(() => undefined),
      block: async () => {
        // An endless synchronous loop: the process stops answering anything, pings included.
        for (;;) {
          /* spin */
        }
      },
      crash: async () => {
        setImmediate(() => {
          throw new Error('driver bug: null dereference');
        });
      },
    },
  };
}
