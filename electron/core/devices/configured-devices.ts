/**
 * The drivers a terminal's configuration asks for, either in the core's own process or each in a
 * child process of its own ('process': a driver that hangs or crashes cannot stall the core's event
 * loop, and with it the IPC/WebSocket traffic the screen waits on).
 */
import type { KioskDatabase } from '../db/database.ts';
import { SqlitePrintJobStore } from '../db/print-job-repository.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import { IdCardReader } from '../../../native/idcard/idcard-reader.ts';
import { ReceiptPrinter } from '../../../native/printer/receipt-printer.ts';
import { SerialPrinterTransport } from '../../../native/printer/transport.ts';
import { CardDispenser } from '../../../native/dispenser/card-dispenser.ts';
import type { ManagedDevice } from './device-manager.ts';
import type { DriverSpawner } from './driver-process/driver-child.ts';
import { ProcessIdCardReader } from './driver-process/process-id-card-reader.ts';
import { ProcessReceiptPrinter } from './driver-process/process-receipt-printer.ts';

export type DeviceIsolation = 'in-process' | 'process';

export interface ConfiguredDevicesOptions {
  isolation: DeviceIsolation;
  /** The open terminal database (in-process print-job records). */
  db: KioskDatabase;
  /** Its file, which a printer's driver process opens with a connection of its own. */
  dbPath: string;
  /** Driver process entry for 'process' isolation; a bundled build passes its compiled driver-host. */
  driverScript?: URL;
  /** What starts a driver process (default Node's fork; the Electron shell uses utility processes). */
  driverSpawner?: DriverSpawner;
}

export interface ConfiguredDevices {
  idCard: ManagedDevice | undefined;
  printer: ManagedDevice | undefined;
  /** In the core's process in both isolations: its hand-out journal lives in the core (dispensing/). */
  dispenser: CardDispenser | undefined;
}

export function createConfiguredDevices(devices: TerminalConfig['devices'], options: ConfiguredDevicesOptions): ConfiguredDevices {
  const { idCard, printer, dispenser } = devices;
  const host = {
    ...(options.driverScript ? { driverScript: options.driverScript } : {}),
    ...(options.driverSpawner ? { spawner: options.driverSpawner } : {}),
  };
  const separate = options.isolation === 'process';
  const readerOptions = { path: idCard.path, baudRate: idCard.baudRate };
  const reader = !(idCard.enabled && idCard.path)
    ? undefined
    : separate
      ? new ProcessIdCardReader(readerOptions, host)
      : new IdCardReader(readerOptions);
  const receiptPrinter = !(printer.enabled && printer.path)
    ? undefined
    : separate
      ? new ProcessReceiptPrinter({ transport: { type: 'serial', path: printer.path, baudRate: printer.baudRate }, jobsDbPath: options.dbPath }, host)
      : new ReceiptPrinter({
          transport: new SerialPrinterTransport({ path: printer.path, baudRate: printer.baudRate }),
          jobs: new SqlitePrintJobStore(options.db),
        });
  const cardDispenser = dispenser.enabled && dispenser.path ? new CardDispenser({ path: dispenser.path, baudRate: dispenser.baudRate }) : undefined;
  return { idCard: reader, printer: receiptPrinter, dispenser: cardDispenser };
}
