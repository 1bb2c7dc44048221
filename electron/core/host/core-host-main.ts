/**
 * Entry of the core host process (bundled to dist/electron/core-host/core-host.cjs; the Electron
 * main process starts it with utilityProcess.fork). Only a utility process has process.parentPort.
 */
import { createLogger } from '../logging/logger.ts';
import { runCoreHost, type ParentPortLike } from './core-host.ts';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (parentPort === undefined) {
  process.stderr.write('core-host: no parentPort; start it with utilityProcess.fork\n');
  process.exit(2);
}
runCoreHost({ parentPort, logger: createLogger({ scope: 'core-host' }), exit: (code) => process.exit(code) });
