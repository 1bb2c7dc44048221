/**
 * Which KioskApi this page talks to: the Electron preload's `window.kiosk` when present,
 * otherwise the browser shell's authenticated WebSocket on the page's own host.
 */
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { kioskSubprotocols, takeLaunchToken } from './launch-token.ts';
import { createWsKioskApi, type SocketFactory } from './ws-client.ts';

let instance: KioskApi | null = null;

export function getKioskApi(): KioskApi {
  instance ??= window.kiosk ?? createWsKioskApi(browserSocketFactory());
  return instance;
}

function browserSocketFactory(): SocketFactory {
  const token =
    takeLaunchToken({ location: window.location, storage: window.sessionStorage, history: window.history }) ?? '';
  const url = `ws://${window.location.host}/kiosk-api`;
  return (handlers) => {
    const socket = new WebSocket(url, kioskSubprotocols(token));
    socket.onopen = () => handlers.open();
    socket.onmessage = (event) => handlers.message(event.data);
    socket.onclose = () => handlers.close();
    return socket;
  };
}
