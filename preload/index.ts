// The sandboxed preload: bundled to ONE CommonJS file (sandboxed preloads cannot be ESM), it exposes only
// `window.api.invoke/on` for the channels listed in shared/api-contract.ts — never raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { isChannel, isEventChannel, type ApiBridge, type ApiResult } from '../shared/api-contract';

const api: ApiBridge = {
  invoke: ((channel: unknown, arg?: unknown): Promise<ApiResult<unknown>> => {
    if (!isChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${String(channel)}` } });
    }
    return ipcRenderer.invoke(channel, arg) as Promise<ApiResult<unknown>>;
  }) as ApiBridge['invoke'],
  on: ((channel: unknown, listener: (payload: unknown) => void) => {
    if (!isEventChannel(channel)) throw new Error(`Unknown event channel ${String(channel)}`);
    // Wrap so the page never receives the IpcRendererEvent (it carries `sender`).
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  }) as ApiBridge['on'],
};

contextBridge.exposeInMainWorld('api', api);
