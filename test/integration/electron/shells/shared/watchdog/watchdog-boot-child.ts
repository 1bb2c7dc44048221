/**
 * A stand-in kiosk start for the rollback test: the real boot guard and ConfigStore on a data
 * directory, then a start that fails when the configured printer port does not exist (a config
 * that is valid by the schema but breaks the start), else /healthz on KIOSK_PORT. Once listening,
 * the start is marked healthy.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AuditLog } from '../../../../../../electron/core/audit/audit-log.ts';
import { BootGuard } from '../../../../../../electron/core/config/boot-guard.ts';
import { ConfigHistory } from '../../../../../../electron/core/config/config-history.ts';
import { ConfigStore } from '../../../../../../electron/core/config/load-config.ts';
import { maintenancePaths } from '../../../../../../electron/core/config/maintenance-paths.ts';

const dataDir = process.env.KIOSK_DATA_DIR ?? '';
const paths = maintenancePaths(dataDir);
const history = new ConfigHistory({ historyDir: paths.configHistory, overridePath: paths.override });
const guard = new BootGuard({ markerPath: paths.bootMarker, history, audit: new AuditLog({ path: paths.audit }) });
const decision = guard.beginStart();
console.log(JSON.stringify({ event: 'boot', ...decision }));

const store = new ConfigStore({ defaultsPath: join(import.meta.dirname, '../../../../../../resources/config/default.json'), overridePath: paths.override });
const printer = store.current.devices.printer;
if (printer.enabled && printer.path !== '' && !existsSync(printer.path)) {
  console.error(`start failed: printer port ${printer.path} does not exist`);
  process.exit(1);
}

const server = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404);
  res.end(req.url === '/healthz' ? 'ok' : '');
});
server.listen(Number(process.env.KIOSK_PORT), '127.0.0.1', () => {
  guard.markHealthy();
  console.log(JSON.stringify({ event: 'healthy', configSeq: decision.configSeq }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
