import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir';
import { API_CHANNELS } from '../../../shared/api-contract';

const root = path.resolve(__dirname, '..', '..', '..');
let out: { dir: string; cleanup: () => void };

beforeAll(async () => {
  out = makeTempDir('abs-build-');
  const { buildMain } = (await import(path.join(root, 'scripts', 'build-main.mjs'))) as { buildMain: (dir: string) => Promise<void> };
  await buildMain(out.dir);
});
afterAll(() => out.cleanup());

describe('main and preload bundles', () => {
  it('bundles the preload as one CommonJS file that only requires electron', () => {
    const code = fs.readFileSync(path.join(out.dir, 'preload', 'index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('the preload exposes only window.api with invoke/on, and refuses unlisted channels', async () => {
    const code = fs.readFileSync(path.join(out.dir, 'preload', 'index.cjs'), 'utf8');
    const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, (...a: unknown[]) => unknown>) => (exposed[key] = value) },
      ipcRenderer: {
        invoke: async (...a: unknown[]) => {
          invoked.push(a);
          return { ok: true, value: 'x' };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    // Run it the way a sandboxed preload runs: a CommonJS script whose require() only knows 'electron'.
    const module = { exports: {} };
    vm.runInNewContext(code, {
      require: (id: string) => {
        if (id !== 'electron') throw new Error(`sandboxed preload cannot require ${id}`);
        return fakeElectron;
      },
      module,
      exports: module.exports,
    });
    expect(Object.keys(exposed)).toEqual(['api']);
    expect(Object.keys(exposed.api!).sort()).toEqual(['invoke', 'on']);
    await expect(exposed.api!.invoke!('app:info')).resolves.toEqual({ ok: true, value: 'x' });
    await expect(exposed.api!.invoke!('shell:openExternal', 'https://evil.example')).resolves.toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(invoked).toEqual([['app:info', undefined]]);
    expect(() => exposed.api!.on!('ipc:raw', () => undefined)).toThrow(/Unknown event channel/);
    expect(API_CHANNELS.length).toBeGreaterThan(10);
  });

  it('bundles the Electron main process as CommonJS with native modules left external', () => {
    const code = fs.readFileSync(path.join(out.dir, 'main', 'electron.cjs'), 'utf8');
    expect(code).toMatch(/require\("electron"\)/);
    expect(code).toMatch(/require\("better-sqlite3"\)/);
    expect(code).not.toMatch(/^\s*import\s/m);
  });
});
