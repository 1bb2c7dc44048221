/**
 * Which IPC senders may reach the core: only the main frame of our kiosk window, showing our own
 * app:// page. Pure (structural types, no `electron` import) so it is tested without the binary.
 */
import { isAppUrl } from './app-origin.ts';

/** The parts of Electron's WebFrameMain this check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly frameToken: string;
  readonly parent: unknown;
}

/** The parts of IpcMainInvokeEvent this check reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The window whose main frame is trusted right now (null while no window exists). */
export interface TrustedTarget {
  webContentsId: number;
  mainFrame: FrameLike;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export function checkSender(event: InvokeEventLike, target: TrustedTarget | null): SenderVerdict {
  if (target === null) return { trusted: false, reason: 'no kiosk window' };
  if (event.sender.id !== target.webContentsId) return { trusted: false, reason: 'foreign webContents' };
  const frame = event.senderFrame;
  // null when the frame navigated away or was destroyed after sending.
  if (frame === null) return { trusted: false, reason: 'sender frame gone' };
  if (frame.parent !== null) return { trusted: false, reason: 'sub-frame' };
  // Distinct WebFrameMain objects may describe the same frame: compare identities, not objects.
  if (frame.processId !== target.mainFrame.processId || frame.frameToken !== target.mainFrame.frameToken) {
    return { trusted: false, reason: 'not the main frame' };
  }
  if (!isAppUrl(frame.url)) return { trusted: false, reason: 'foreign origin' };
  return { trusted: true };
}
