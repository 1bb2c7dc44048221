/**
 * The camera belongs to the screen (getUserMedia in the renderer), not to a driver of the core, so
 * its state is what the screen last found when it opened it. Recording it here puts the camera on
 * the same footing as the serial devices: maintenance overview, self-test list, fleet heartbeat
 * and tile availability all read one DeviceManager.
 */
import { DeviceStateMachine } from '../../../native/device/device-state.ts';
import type { ManagedDevice } from './device-manager.ts';

/** What the screen found: the camera streaming, or why it could not be used. */
export type CameraReport =
  | { state: 'ready'; label?: string | undefined }
  | { state: 'absent' | 'denied' | 'failed'; reason?: string | undefined; label?: string | undefined };

export class ScreenReportedCamera implements ManagedDevice {
  readonly state = new DeviceStateMachine('camera');
  #label: string | undefined;
  #reportedAt: Date | undefined;

  constructor() {
    // Until a screen has tried the camera nobody knows; "disconnected" keeps it out of isReady().
    this.state.transition({ kind: 'disconnected', reason: 'not-yet-used' });
  }

  async open(): Promise<void> {
    // Nothing to open: the screen opens the camera when a journey needs it.
  }

  async close(): Promise<void> {}

  /** The manager never reopens it: only the screen can find out again. */
  isLinkFailure(): boolean {
    return false;
  }

  details(): Record<string, string> {
    return {
      source: 'screen',
      ...(this.#label ? { label: this.#label } : {}),
      ...(this.#reportedAt ? { reportedAt: this.#reportedAt.toISOString() } : {}),
    };
  }

  report(report: CameraReport, at = new Date()): void {
    this.#reportedAt = at;
    if (report.label) this.#label = report.label;
    const current = this.state.state.kind;
    if (report.state === 'ready') {
      if (current === 'disconnected') this.state.transition({ kind: 'connecting' });
      if (this.state.state.kind !== 'ready') this.state.transition({ kind: 'ready' });
      return;
    }
    if (report.state === 'absent') {
      this.state.transition({ kind: 'disconnected', reason: report.reason ?? 'absent' });
      return;
    }
    // Present but unusable (permission refused, device busy or broken): an error staff must see.
    const reason = report.reason ? `${report.state}: ${report.reason}` : report.state;
    if (current === 'disconnected') this.state.transition({ kind: 'connecting' });
    if (this.state.state.kind === 'busy') this.state.transition({ kind: 'ready' });
    this.state.transition({ kind: 'error', reason });
  }
}
