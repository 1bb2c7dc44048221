/** The core's logger on a terminal: to the shell's logger and the rotating file, masked, last error kept. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCoreLogging } from '../../../../../electron/core/maintenance/core-logging.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('core-logging');
const ID = '11010519491231002X';

describe('core logging', () => {
  it('writes each line to both, masks ID numbers in the file, and keeps the newest error', () => {
    const shell: string[] = [];
    const logging = createCoreLogging({ dataDir: tmp.path('data'), logger: createLogger({ level: 'debug', write: (l) => shell.push(l) }) });
    const log = logging.logger.child('devices');
    log.debug('detail only for the shell');
    log.info('card read', { card: ID });
    expect(logging.lastError()).toBeNull();
    log.error('printer failed', { error: `paper jam while printing for ${ID}` });
    logging.close();

    const file = readFileSync(tmp.path('data/logs/kiosk.log'), 'utf8').trim().split('\n');
    expect(file).toHaveLength(2);
    expect(file.join('\n')).not.toContain(ID);
    expect(file[0]).toContain('110***********002X');
    expect(JSON.parse(file[1]!)).toMatchObject({ level: 'error', scope: 'kiosk.devices', message: 'printer failed' });
    expect(shell).toHaveLength(3);
    expect(logging.lastError()).toMatchObject({ scope: 'devices', message: expect.stringContaining('paper jam') });
    expect(logging.lastError()!.message).not.toContain(ID);
  });
});
