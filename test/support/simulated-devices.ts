/**
 * The ID-card reader and receipt printer simulators on real PTY pairs, for tests that start
 * drivers (in-process, in driver processes, in emulated utility processes) against them.
 */
import { createPtyPair, type PtyPair } from '../../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../../native/simulators/idcard-simulator.ts';
import { PrinterSimulator } from '../../native/simulators/printer-simulator.ts';

export interface SimulatedDevices {
  idPty: PtyPair;
  printerPty: PtyPair;
  idSim: IdCardSimulator;
  printerSim: PrinterSimulator;
  close(): Promise<void>;
}

export async function startSimulatedDevices(label: string): Promise<SimulatedDevices> {
  const idPty = await createPtyPair(`${label}-idcard`);
  const printerPty = await createPtyPair(`${label}-printer`);
  const idSim = new IdCardSimulator({ path: idPty.simulatorPath });
  const printerSim = new PrinterSimulator({ path: printerPty.simulatorPath, baudRate: 115200 });
  await idSim.start();
  await printerSim.start();
  return {
    idPty,
    printerPty,
    idSim,
    printerSim,
    async close() {
      await idSim.stop();
      await printerSim.stop();
      await idPty.close();
      await printerPty.close();
    },
  };
}
