/**
 * Sandboxed preload (bundled to dist/electron/preload/preload.cjs): exposes exactly KioskApi as
 * window.kiosk. Calls travel over a MessagePort straight to the core host's process; the main
 * process only hands the port over (on request, once per page load, and again if the core host
 * restarts). ipcRenderer and the port never cross the bridge.
 */
import { ipcRenderer, contextBridge, type IpcRendererEvent } from 'electron';
import { CORE_PORT_CHANNEL, CORE_PORT_REQUEST_CHANNEL } from './core-port-channels.ts';
import { createKioskApi } from './kiosk-bridge.ts';
import { createPortTransport } from './port-transport.ts';

const transport = createPortTransport();
ipcRenderer.on(CORE_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (port === undefined) return;
  transport.attach(port);
  port.addEventListener('close', () => transport.detach('connection to the terminal core lost'));
  port.start();
});
ipcRenderer.send(CORE_PORT_REQUEST_CHANNEL);

contextBridge.exposeInMainWorld('kiosk', createKioskApi(transport));
