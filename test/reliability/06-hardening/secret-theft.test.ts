// Issue #17 item 1: the saved API secret must only ever go to the zone that the configured lookup
// returned over https (plain http only on loopback). Pointing the lookup URL elsewhere through the bridge
// must not hand the saved secret to that server, and a zone cached for one lookup URL never serves another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { createAutotaskClient } from '../../../main/autotask';
import { createSqliteZoneCache } from '../../../main/db/zone-cache';
import { evidenceDir } from '../support/evidence';
import { recordFigure } from '../support/figures';
import { RELIABILITY_CREDENTIALS, startReliabilitySandbox, type ReliabilitySandbox } from '../support/sandbox-env';
import { runCliCaptured } from '../support/run-cli';
import { makeCore, startEvilServer, type EvilServer } from './support';

const AREA = 'hardening-secret';
let rs: ReliabilitySandbox;
let evil: EvilServer;
let dir: string;

beforeAll(async () => {
  rs = await startReliabilitySandbox({ seed: 17 });
  evil = await startEvilServer();
  dir = evidenceDir(AREA);
}, 60_000);

afterAll(async () => {
  await evil?.close();
  await rs?.close();
});

const { username, secret, integrationCode } = RELIABILITY_CREDENTIALS;

describe("the API secret cannot be sent to a host of the attacker's choosing", () => {
  it('settings:update to a hostile lookup, then connection:test and a sync: the secret never reaches it', async () => {
    const core = makeCore(dir, 'bridge-attack');
    try {
      const h = core.handlers;
      await dispatch(h, 'settings:update', { zoneLookupUrl: rs.sandbox.zoneLookupUrl });
      await dispatch(h, 'credentials:set', { username, integrationCode, secret });
      const ok = await dispatch(h, 'connection:test', undefined);
      expect(ok.ok && (ok.value as { ok: boolean }).ok).toBe(true);

      // The attack: a page with bridge access re-points the lookup and asks for a connection test.
      const moved = await dispatch(h, 'settings:update', { zoneLookupUrl: evil.url });
      expect(moved.ok).toBe(true);
      const status = await dispatch(h, 'credentials:get', undefined);
      expect(status.ok && (status.value as { secretSaved: boolean }).secretSaved).toBe(false); // the UI asks for the secret again
      const test = await dispatch(h, 'connection:test', undefined);
      expect(test.ok).toBe(false);
      if (!test.ok) expect(test.error.message).toMatch(/missing API secret/);
      expect(evil.secretsSeen).toHaveLength(0);

      // Back to the real lookup: the zone cache holds nothing from the hostile one and the secret is
      // still not used until the user enters it again.
      await dispatch(h, 'settings:update', { zoneLookupUrl: rs.sandbox.zoneLookupUrl });
      expect(core.database.sqlite.prepare('SELECT COUNT(*) AS n FROM zone_cache').get()).toEqual({ n: 0 });
      const sync = await dispatch(h, 'sync:start', { type: 'contract', endExpired: false });
      expect(sync.ok).toBe(false);
      await dispatch(h, 'credentials:set', { username, integrationCode, secret });
      const again = await dispatch(h, 'sync:start', { type: 'contract', endExpired: false });
      expect(again.ok).toBe(true);
      await core.syncService.idle();
      expect(evil.secretsSeen).toHaveLength(0);
    } finally {
      await core.close();
    }
  });

  it('a zone cached for one lookup URL is not used for another (cache keyed by lookup URL and user)', async () => {
    const core = makeCore(dir, 'poisoned-cache');
    try {
      const cache = createSqliteZoneCache(core.database.db);
      // A row as the old code wrote it (keyed by username only) and one learnt from the hostile lookup.
      const poisoned = { zoneName: 'Evil', url: evil.url, webUrl: evil.url, ci: 1, fetchedAt: new Date().toISOString() };
      cache.set(username, poisoned);
      cache.set(`${evil.url} ${username}`, poisoned); // the key form of url-safety.ts zoneCacheKey
      const client = createAutotaskClient({ credentials: { ...RELIABILITY_CREDENTIALS }, zoneLookupUrl: rs.sandbox.zoneLookupUrl, zoneCache: cache });
      try {
        const zone = await client.zone();
        expect(zone.url.startsWith(new URL(rs.sandbox.zoneLookupUrl).origin)).toBe(true);
        expect(await client.count('Companies', [{ op: 'gt', field: 'id', value: 0 }])).toBeGreaterThan(0);
      } finally {
        await client.close();
      }
      expect(evil.secretsSeen).toHaveLength(0);
    } finally {
      await core.close();
    }
  });

  it('plain http is refused for a lookup or zone that is not this computer; config set names the rule', async () => {
    const remoteZone = await startEvilServer(() => 'http://192.0.2.10/ATServicesRest/');
    try {
      const client = createAutotaskClient({ credentials: { ...RELIABILITY_CREDENTIALS }, zoneLookupUrl: remoteZone.url, retry: { maxAttempts: 1 } });
      const r = await client.testConnection();
      await client.close();
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(/plain http zone address 192\.0\.2\.10.*only sent over https/);

      const db = `${dir}/cli.db`;
      const cli = await runCliCaptured(['config', 'set', 'zoneLookupUrl', 'http://webservices.example.com/ATServicesRest/', '--db', db], { AUTOTASK_SECRET_STORE: 'memory' });
      expect(cli.code).toBe(2);
      expect(cli.err).toMatch(/Use an https address \(plain http only for this computer/);
    } finally {
      await remoteZone.close();
    }
    recordFigure(
      'hardening',
      'secret theft',
      `0 secrets sent to a hostile lookup (${evil.requests} requests it saw)`,
      'lookup change drops the saved secret and the zone cache; cache keyed by lookup URL + user; http only on loopback',
    );
  });
});
