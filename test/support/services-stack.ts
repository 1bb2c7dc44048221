/**
 * Shared set-up for the citizen-service integration tests (services-*.test.ts): the demo stack
 * (simulated card reader and printer on PTYs, reference upstream on loopback, the real core) with
 * every service enabled, and helpers to call the dispatcher as a shell would.
 */
import QRCode from 'qrcode';
import { startDemoStack, type DemoStack, type DemoStackOptions } from '../../electron/shells/browser/demo/demo-stack.ts';
import type { KioskErrorCode } from '../../electron/contract/kiosk-api.ts';
import { createLogger } from '../../electron/core/logging/logger.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { SERVICE_IDS } from '../../electron/core/config/config-schema.ts';
import { waitFor } from './wait.ts';

// The config schema's list is the whole catalogue of services a terminal can switch on.
export const ALL_SERVICES: string[] = [...SERVICE_IDS];

const ctx = { shell: 'browser' as const, connectionId: 'services-test' };

export interface ServiceStack {
  stack: DemoStack;
  logLines: string[];
  call(method: string, payload?: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { code: KioskErrorCode; message: string } }>;
  value<T>(method: string, payload?: unknown): Promise<T>;
  /** Asserts the call failed with `code` and returns its message. */
  failure(method: string, payload: unknown, code: KioskErrorCode): Promise<string>;
  /** A fresh session with the demo resident card read. */
  sessionWithCard(): Promise<void>;
  close(): Promise<void>;
}

export async function startServiceStack(options: DemoStackOptions & { services?: string[] } = {}): Promise<ServiceStack> {
  const logLines: string[] = [];
  const { services, configOverride, ...rest } = options;
  const stack = await startDemoStack({
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    ...rest,
    configOverride: { upstream: { timeoutMs: 800 }, services: { enabled: services ?? ALL_SERVICES }, ...configOverride },
  });
  await waitFor(() => stack.core.devices.isReady('idCard') && stack.core.devices.isReady('printer'), 10_000);

  const call: ServiceStack['call'] = async (method, payload = {}) =>
    (await stack.core.apiHost.dispatch(method, payload, ctx)) as Awaited<ReturnType<ServiceStack['call']>>;
  const value = async <T>(method: string, payload: unknown = {}): Promise<T> => {
    const res = await call(method, payload);
    if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
    return res.value as T;
  };
  const failure = async (method: string, payload: unknown, code: KioskErrorCode): Promise<string> => {
    const res = await call(method, payload);
    if (res.ok) throw new Error(`${method} succeeded, expected ${code}`);
    if (res.error.code !== code) throw new Error(`${method}: expected ${code}, got ${res.error.code} ${res.error.message}`);
    return res.error.message;
  };
  return {
    stack,
    logLines,
    call,
    value,
    failure,
    async sessionWithCard() {
      await value('startSession');
      stack.idCard.presentCard(sampleCards.resident);
      await value('readIdCard', { timeoutMs: 5000 });
    },
    close: () => stack.close(),
  };
}

/** A real PNG (a QR code image stands in for a drawn signature). */
export const signaturePng = (): Promise<string> => QRCode.toDataURL('signature', { width: 240 });

/** Bytes that start and end like a JPEG, `size` long. */
export function fakeJpegDataUrl(size: number): string {
  const bytes = Buffer.alloc(size, 0x55);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return `data:image/jpeg;base64,${bytes.toString('base64')}`;
}
