/**
 * The config override of a core whose reader and printer are the simulators on the given PTYs and
 * whose upstream nobody listens on (device tests need no upstream). Returns the file's path.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeDeviceCoreConfig(dir: string, ports: { idCard: string; printer: string }): string {
  const path = join(dir, 'core-config.json');
  const device = (devicePath: string) => ({ enabled: true, path: devicePath, baudRate: 115200 });
  writeFileSync(path, JSON.stringify({ upstream: { baseUrl: 'http://127.0.0.1:9' }, devices: { idCard: device(ports.idCard), printer: device(ports.printer) } }));
  return path;
}
