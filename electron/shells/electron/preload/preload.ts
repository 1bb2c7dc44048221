/**
 * Sandboxed preload (bundled to dist/electron/preload/preload.cjs): exposes exactly KioskApi as
 * window.kiosk. ipcRenderer itself never crosses the bridge, and listeners never see IPC events
 * (their `sender` would hand the page ipcRenderer).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createKioskApi } from './kiosk-bridge.ts';

const api = createKioskApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (channel, listener) => {
    const handler = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
});

contextBridge.exposeInMainWorld('kiosk', api);
