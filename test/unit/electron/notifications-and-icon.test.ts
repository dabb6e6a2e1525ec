import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ATTENTION_PAGE, ERRORS_PAGE, notificationFor, notificationTarget } from '../../../main/electron/notification-model';
import { trayIconPng } from '../../../main/electron/tray-icon-png';
import type { ScheduledRunOutcome } from '../../../main/schedule/scheduled-run';

const slot = new Date(2026, 5, 10, 2, 0);

describe('notifications', () => {
  it('announces a missed run when its catch-up starts, but not an on-time start', () => {
    const n = notificationFor({ type: 'run-started', trigger: 'catch-up', slot, source: 'resume' });
    expect(n).toMatchObject({ title: 'Missed scheduled sync is running now', urgency: 'normal' });
    expect(n!.body).toContain('02:00');
    expect(notificationFor({ type: 'run-started', trigger: 'schedule', slot, source: 'timer' })).toBeNull();
  });

  it('reports failed, partial and unstartable scheduled runs; stays quiet on success and busy', () => {
    const finished = (outcome: ScheduledRunOutcome) => notificationFor({ type: 'run-finished', trigger: 'schedule', slot, outcome });
    expect(finished({ kind: 'completed', status: 'failed', message: 'Contract sync: failed — The API secret was rejected (HTTP 401).\nTime entry sync: failed' })).toEqual({
      title: 'Scheduled sync failed',
      body: 'Contract sync: failed — The API secret was rejected (HTTP 401).\nClick to open Needs attention.',
      urgency: 'critical',
    });
    expect(finished({ kind: 'completed', status: 'partial', message: 'x' })).toMatchObject({ title: 'Scheduled sync finished with errors' });
    expect(finished({ kind: 'not-run', message: 'Autotask credentials are incomplete: missing API secret.' })).toMatchObject({
      title: 'Scheduled sync could not run',
      body: 'Autotask credentials are incomplete: missing API secret.',
    });
    expect(finished({ kind: 'completed', status: 'success', message: 'ok' })).toBeNull();
    expect(finished({ kind: 'busy', message: 'busy' })).toBeNull();
    expect(notificationFor({ type: 'armed', at: null })).toBeNull();
  });

  it('a click on a failed or partial run opens Needs attention; a run that could not start, the errors', () => {
    const finished = (outcome: ScheduledRunOutcome) => notificationTarget({ type: 'run-finished', trigger: 'schedule', slot, outcome });
    expect(ATTENTION_PAGE).toEqual({ page: 'attention' });
    expect(finished({ kind: 'completed', status: 'failed', message: 'Contract sync: failed — HTTP 401' })).toEqual({ page: 'attention' });
    expect(finished({ kind: 'completed', status: 'partial', message: 'x' })).toEqual({ page: 'attention' });
    expect(finished({ kind: 'not-run', message: 'Autotask credentials are incomplete' })).toEqual({ page: 'logs', filter: { status: 'error' } });
    expect(ERRORS_PAGE).toEqual({ page: 'logs', filter: { status: 'error' } });
    expect(notificationTarget({ type: 'run-started', trigger: 'catch-up', slot, source: 'resume' })).toEqual({ page: 'dashboard' });
  });
});

describe('tray icon', () => {
  it('is a valid RGBA PNG of the asked size, different per state', () => {
    const png = trayIconPng('idle', 32);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(32);
    expect(png.readUInt32BE(20)).toBe(32);
    // Every chunk's CRC checks out, and the pixel data inflates to 32 rows of 1 + 32×4 bytes.
    let off = 8;
    let idat = Buffer.alloc(0);
    while (off < png.length) {
      const len = png.readUInt32BE(off);
      const type = png.subarray(off + 4, off + 8);
      const data = png.subarray(off + 8, off + 8 + len);
      expect(png.readUInt32BE(off + 8 + len)).toBe(zlib.crc32(Buffer.concat([type, data])));
      if (type.toString() === 'IDAT') idat = Buffer.concat([idat, data]);
      off += 12 + len;
    }
    // The empty IEND chunk's CRC is the constant every PNG ends with (AE 42 60 82).
    expect([...png.subarray(png.length - 4)]).toEqual([0xae, 0x42, 0x60, 0x82]);
    const raw = zlib.inflateSync(idat);
    expect(raw.length).toBe(32 * (1 + 32 * 4));
    // Corners transparent, centre opaque.
    expect(raw[1 + 3]).toBe(0);
    const centre = 16 * (1 + 128) + 1 + 16 * 4;
    expect(raw[centre + 3]).toBe(255);
    expect(trayIconPng('error', 32).equals(png)).toBe(false);
    expect(trayIconPng('running', 16).readUInt32BE(16)).toBe(16);
  });
});
