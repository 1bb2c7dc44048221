/**
 * Messages between the Electron main process and the core host (the core in its utility
 * process). Calls from the page never travel here: they go over the MessagePort the main process
 * hands to both ends (`connect`), so the main process only starts, stops and serves the core.
 */
import type { TerminalConfig } from '../config/config-schema.ts';
import type { DriverMessage, HostMessage } from '../devices/driver-process/driver-protocol.ts';

export interface CoreHostStartOptions {
  dataDir: string;
  resourcesDir: string;
  version?: string;
  /**
   * Run each device driver in a utility process of its own, which only the main process can start:
   * the core host asks for one (`driver-spawn`) and the main process relays its messages.
   * Without it the drivers run inside the core host.
   */
  driverProcesses?: boolean;
  /**
   * The outbox key unwrapped by the main process from the OS key store (Electron safeStorage);
   * absent where there is none, and the core uses its fixed places instead.
   */
  outboxKey?: Uint8Array;
}

/** What the main process needs to supervise the window and plan the daily restart. */
export interface CoreHostStatus {
  sessionActive: boolean;
  watchdog: TerminalConfig['watchdog'];
}

export type MainToHost =
  | { type: 'start'; options: CoreHostStartOptions }
  /** Carries one MessagePort (the core's end of a new channel to the window). */
  | { type: 'connect'; connectionId: string }
  | { type: 'print-result'; id: number; ok: true }
  /** outcomeUnknown: the job went to the OS but no answer came (it may be on paper). */
  | { type: 'print-result'; id: number; ok: false; unavailable: boolean; outcomeUnknown?: boolean; message: string }
  | { type: 'stop' }
  // A driver process the main process started for the core host (see driverProcesses).
  | { type: 'driver-spawned'; id: number; pid: number | undefined }
  | { type: 'driver-message'; id: number; message: DriverMessage }
  | { type: 'driver-output'; id: number; text: string }
  | { type: 'driver-exit'; id: number; how: string };

export type HostToMain =
  | { type: 'ready'; status: CoreHostStatus }
  | { type: 'start-failed'; message: string }
  | { type: 'status'; status: CoreHostStatus }
  | { type: 'restart'; reason: string }
  | { type: 'print'; id: number; html: string; printerName?: string }
  | { type: 'stopped' }
  | { type: 'driver-spawn'; id: number; name: string }
  | { type: 'driver-send'; id: number; message: HostMessage }
  | { type: 'driver-end'; id: number }
  | { type: 'driver-kill'; id: number };
