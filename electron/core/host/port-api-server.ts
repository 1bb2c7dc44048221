/**
 * KioskApi over a MessagePort: the Electron shell's renderer talks to the core host through one
 * end of a MessageChannelMain, the core host holds the other. Frames are the WebSocket frames as
 * structured clones (api-frames.ts), answered by the same answerCall().
 */
import type { ApiHost } from '../api/dispatcher.ts';
import { answerCall, eventFrame, parseFrameValue } from './api-frames.ts';

/** The part of Electron's MessagePortMain used here (messages arrive as `{ data }`). */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export interface PortApiConnection {
  readonly connectionId: string;
  close(): void;
}

/** Serves calls arriving on `port` and pushes every core event to it until either side closes. */
export function servePortApi(apiHost: ApiHost, port: MessagePortLike, connectionId: string, onAnswered: () => void = () => undefined): PortApiConnection {
  let open = true;
  const post = (message: unknown) => {
    if (open) port.postMessage(message);
  };
  const unsubscribe = apiHost.onEvent((event, payload) => post(eventFrame(event, payload)));
  const end = () => {
    if (!open) return;
    open = false;
    unsubscribe();
  };
  port.on('message', ({ data }) => {
    void answerCall(apiHost, parseFrameValue(data), { shell: 'electron', connectionId }).then((result) => {
      post(result);
      onAnswered();
    });
  });
  // The renderer went away (reload, crash): its calls can no longer be answered, its events not shown.
  port.on('close', end);
  port.start();
  return {
    connectionId,
    close() {
      end();
      port.close();
    },
  };
}
