/** The ID-card reader as a driver process hosts it: the methods the proxy may call. */
import { IdCardReader, type IdCardReaderOptions, type ReadCardOptions, type SamBaudRate } from '../../../../native/idcard/idcard-reader.ts';
import type { HostedDriver } from './driver-specs.ts';

export function hostedIdCardReader(options: IdCardReaderOptions): HostedDriver {
  const reader = new IdCardReader(options);
  return {
    state: reader.state,
    details: () => reader.details(),
    onCardRemoved: (listener) => reader.onCardRemoved(listener),
    methods: {
      open: () => reader.open(),
      close: () => reader.close(),
      readCard: ([opts], signal) => reader.readCard({ ...(opts as Omit<ReadCardOptions, 'signal'>), signal }),
      readSamId: () => reader.readSamId(),
      setBaudRate: ([baudRate]) => reader.setBaudRate(baudRate as SamBaudRate),
    },
  };
}
