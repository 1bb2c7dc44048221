/** The receipt printer as a driver process hosts it, with its own connection to the job records. */
import { ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import { SerialPrinterTransport, type PrinterTransport } from '../../../../native/printer/transport.ts';
import { TcpPrinterTransport } from '../../../../native/printer/tcp-transport.ts';
import { openDatabase } from '../../db/database.ts';
import { migrations } from '../../db/migrations/index.ts';
import { SqlitePrintJobStore } from '../../db/print-job-repository.ts';
import type { ReceiptPrinterRpc, RpcHandlers } from './driver-rpc.ts';
import { hostedMethods, type DriverSpec, type HostedDriver } from './driver-specs.ts';

export function hostedReceiptPrinter(spec: Extract<DriverSpec, { kind: 'printer' }>): HostedDriver {
  const transport: PrinterTransport =
    spec.transport.type === 'serial'
      ? new SerialPrinterTransport({ path: spec.transport.path, ...(spec.transport.baudRate ? { baudRate: spec.transport.baudRate } : {}) })
      : new TcpPrinterTransport({ host: spec.transport.host, ...(spec.transport.port ? { port: spec.transport.port } : {}) });
  const db = spec.jobsDbPath ? openDatabase(spec.jobsDbPath, { migrations }) : undefined;
  const printer = new ReceiptPrinter({ transport, ...(db ? { jobs: new SqlitePrintJobStore(db) } : {}), ...spec.options });
  const methods: RpcHandlers<ReceiptPrinterRpc> = {
    open: () => printer.open(),
    close: () => printer.close(),
    print: ([jobId, bytes]) => printer.print(jobId, bytes),
    queryStatus: () => printer.queryStatus(),
    waitingJobIds: async () => (printer.jobs.list?.('waiting-for-paper') ?? []).map((record) => record.jobId),
    resumePending: ([bytesById]) => printer.resumePending((jobId) => bytesById[jobId]),
  };
  return {
    state: printer.state,
    isLinkFailure: (reason) => printer.isLinkFailure(reason),
    details: () => printer.details(),
    dispose: () => db?.close(),
    methods: hostedMethods(methods),
  };
}
