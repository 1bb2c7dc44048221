/**
 * The misbehaving fixture driver of process-device.test.ts, plus one method that reports how its
 * host process talks to the core: devices-utility-process.test.ts checks with it that the host
 * really ran in the emulated utility process (parentPort present, process.send absent).
 */
import type { HostedDriver } from '../../electron/core/devices/driver-process/driver-specs.ts';
import { createHostedDriver as createFixtureDriver } from './misbehaving-process-driver.ts';

export function createHostedDriver(options: { failOpen?: boolean } = {}): HostedDriver {
  const driver = createFixtureDriver(options);
  const channel = async () => ({ parentPort: Reflect.get(process, 'parentPort') != null, send: typeof process.send });
  return { ...driver, methods: { ...driver.methods, channel } };
}
