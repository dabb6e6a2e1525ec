// Regression found by the reliability suite's hostile-network runs (issue 10): a call that met two zone
// moves (a stale cached zone, then a move mid-run) reported "The API secret was rejected" — the client
// re-discovered the zone only once per call.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../main/sandbox';
import { createAutotaskClient, createMemoryZoneCache } from '../../../main/autotask';

let sb: SandboxHandle | null = null;
afterEach(async () => {
  await sb?.close();
  sb = null;
});

describe('zone moves', () => {
  it('follows two zone moves within one call', async () => {
    sb = await startSandbox({ size: 'demo', seed: 3, latencyScale: 0, anchorDate: '2026-11-24' });
    const client = createAutotaskClient({ credentials: sb.credentials, zoneLookupUrl: sb.zoneLookupUrl, zoneCache: createMemoryZoneCache() });
    try {
      sb.control.injectFault({ kind: 'zoneMove', entity: 'Companies', times: 2 });
      const company = await client.get('Companies', 0);
      expect(company).toMatchObject({ id: 0 });
      expect(sb.zoneUrl()).toContain('zone-c');
    } finally {
      await client.close();
    }
  });

  it('still says the secret is wrong when the zone did not move', async () => {
    sb = await startSandbox({ size: 'demo', seed: 3, latencyScale: 0, anchorDate: '2026-11-24' });
    const client = createAutotaskClient({
      credentials: { ...sb.credentials, secret: 'not-the-secret' },
      zoneLookupUrl: sb.zoneLookupUrl,
      zoneCache: createMemoryZoneCache(),
    });
    try {
      await expect(client.get('Companies', 0)).rejects.toMatchObject({ kind: 'bad-secret' });
    } finally {
      await client.close();
    }
  });
});
