/**
 * The ID-card reader, running in a driver process, with the API of IdCardReader that the core uses.
 * Results and errors are the same objects (IdCardData with its byte arrays, IdCardError).
 */
import type { IdCardData } from '../../../../native/idcard/id-card-data.ts';
import type { IdCardReaderOptions, ReadCardOptions, SamBaudRate } from '../../../../native/idcard/idcard-reader.ts';
import type { IdCardReaderRpc } from './driver-rpc.ts';
import { ProcessDevice, type ProcessDeviceOptions } from './process-device.ts';

/** Room for the IPC round trip on top of the read's own timeout. */
const CALL_MARGIN_MS = 10_000;

export class ProcessIdCardReader extends ProcessDevice<IdCardReaderRpc> {
  constructor(options: IdCardReaderOptions, host: Omit<ProcessDeviceOptions, 'name' | 'spec'> = {}) {
    super({ ...host, name: 'idCard', spec: { kind: 'idCard', options } });
  }

  get samId(): string | undefined {
    return this.details().samId;
  }

  readCard(opts: ReadCardOptions): Promise<IdCardData> {
    const { signal, ...rest } = opts;
    return this.call('readCard', [rest], { ...(signal ? { signal } : {}), timeoutMs: opts.timeoutMs + CALL_MARGIN_MS });
  }

  readSamId(): Promise<string> {
    return this.call('readSamId', []);
  }

  setBaudRate(baudRate: SamBaudRate): Promise<void> {
    return this.call('setBaudRate', [baudRate]);
  }
}
