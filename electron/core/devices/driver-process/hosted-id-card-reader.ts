/** The ID-card reader as a driver process hosts it: the methods the proxy may call. */
import { IdCardReader, type IdCardReaderOptions } from '../../../../native/idcard/idcard-reader.ts';
import type { IdCardReaderRpc, RpcHandlers } from './driver-rpc.ts';
import { hostedMethods, type HostedDriver } from './driver-specs.ts';

export function hostedIdCardReader(options: IdCardReaderOptions): HostedDriver {
  const reader = new IdCardReader(options);
  const methods: RpcHandlers<IdCardReaderRpc> = {
    open: () => reader.open(),
    close: () => reader.close(),
    readCard: ([opts], signal) => reader.readCard({ ...opts, signal }),
    readSamId: () => reader.readSamId(),
    setBaudRate: ([baudRate]) => reader.setBaudRate(baudRate),
  };
  return {
    state: reader.state,
    details: () => reader.details(),
    onCardRemoved: (listener) => reader.onCardRemoved(listener),
    methods: hostedMethods(methods),
  };
}
