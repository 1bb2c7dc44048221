/**
 * Stands in for Electron's main process in devices-utility-process.test.ts: opens an ID-card reader
 * in an (emulated) utility process running the bundled driver host, prints `READY <host pid>`, and
 * waits to be killed. Usage: node --import tsx utility-parent-stand-in.ts <driver-host.cjs> <tty>
 */
import { pathToFileURL } from 'node:url';
import { ProcessIdCardReader } from '../../electron/core/devices/driver-process/process-id-card-reader.ts';
import { utilityProcessSpawner } from '../../electron/core/devices/driver-process/utility-process-child.ts';
import { emulatedUtilityFork } from './emulated-utility-process.ts';

const [driverHost, path] = process.argv.slice(2);
if (!driverHost || !path) throw new Error('usage: utility-parent-stand-in.ts <driver-host.cjs> <tty>');
const reader = new ProcessIdCardReader(
  { path, responseTimeoutMs: 300, pollIntervalMs: 20, presencePollMs: 30, heartbeatMs: 0 },
  { driverScript: pathToFileURL(driverHost), spawner: utilityProcessSpawner(emulatedUtilityFork()) },
);
await reader.open();
process.stdout.write(`READY ${reader.pid}\n`);
setInterval(() => undefined, 60_000);
