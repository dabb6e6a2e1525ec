// Issue #16 point 5 in real Chromium against the real core and the sandbox: sync, un-approve an entry in
// the sandbox, sync again from the dashboard, find the item in "Needs attention" (count in the
// navigation, reason), acknowledge it, and see who and when; the Failed card leads to the queue.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type AppPage } from './harness/browser';
import { goTo, LOOKS, withLook } from './support/gallery';
import type { ScenarioCore } from './support/scenario-core';
import { startScenarioApp, type ScenarioApp } from './support/scenario-app';

let world: ScenarioApp;
let scenario: ScenarioCore;
let app: AppPage;
let browser: Browser;
let server: ScenarioApp['server'];

beforeAll(async () => {
  world = await startScenarioApp({ configure: { hourlyRate: '150' } });
  scenario = world.scenario;
  app = world.app!;
  ({ browser, server } = world);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

async function syncFromDashboard(button: 'Sync Contracts' | 'Sync Time Entries', kind: 'Contracts' | 'Time entries'): Promise<void> {
  await goTo(app, '#/dashboard', 'Sync Dashboard');
  await app.page.getByRole('button', { name: button }).click();
  await app.page
    .getByTestId('sync-finished')
    .filter({ hasText: `${kind} sync finished` })
    .waitFor({ timeout: 60_000 });
  await scenario.core.syncService.idle();
}

describe('Needs attention', () => {
  it('an entry un-approved in Autotask after import is queued with its reason, acknowledged, and shows who and when', async () => {
    await syncFromDashboard('Sync Contracts', 'Contracts');
    await syncFromDashboard('Sync Time Entries', 'Time entries');
    const sqlite = scenario.core.database.sqlite;
    const imported = sqlite.prepare('SELECT id, autotask_time_entry_id AS entry FROM engineering_items WHERE flagged = 0 ORDER BY id LIMIT 1').get() as {
      id: number;
      entry: number;
    };
    expect(imported).toBeDefined();
    const before = sqlite.prepare('SELECT COUNT(*) AS n FROM engineering_items WHERE flagged = 1').get() as { n: number };

    scenario.sandbox.control.unapproveTimeEntry(imported.entry);
    await app.page.reload();
    await syncFromDashboard('Sync Time Entries', 'Time entries');
    expect(sqlite.prepare('SELECT flagged, flag_reason FROM engineering_items WHERE id = ?').get(imported.id)).toEqual({
      flagged: 1,
      flag_reason: 'no longer approved for billing in Autotask',
    });

    // The navigation names the open count in words, and leads to the queue.
    const open = before.n + 1;
    const nav = app.page.getByRole('link', { name: new RegExp(`^Needs attention ${open + (await unresolvedRuns())} open$`) });
    await nav.waitFor({ timeout: 10_000 });
    await nav.click();
    await app.page.getByRole('heading', { level: 1, name: 'Needs attention' }).waitFor();
    const openTable = app.page.getByTestId('open-flags');
    const row = openTable.locator('tbody tr').filter({ hasText: `time entry ${imported.entry}` });
    await expect(row.getByTestId('flag-reason').textContent()).resolves.toBe('no longer approved for billing in Autotask');
    await app.screenshot('attention-open');

    const ackButton = row.getByRole('button', { name: new RegExp(`^Acknowledge time entry ${imported.entry} of `) });
    await ackButton.click();
    const acked = app.page
      .getByTestId('acked-flags')
      .locator('tbody tr')
      .filter({ hasText: `time entry ${imported.entry}` });
    await acked.waitFor();
    const whoWhen = (await acked.getByTestId('ack-who-when').textContent()) ?? '';
    expect(whoWhen).toContain(`by ${os.userInfo().username}, `);
    const at = await acked.getByTestId('ack-who-when').locator('time').getAttribute('datetime');
    expect(Date.now() - Date.parse(at!)).toBeLessThan(60_000);
    await expect(
      openTable
        .locator('tbody tr')
        .filter({ hasText: `time entry ${imported.entry}` })
        .count(),
    ).resolves.toBe(0);
    // Kept in the database with who and when; the navigation count went down by one.
    expect(sqlite.prepare('SELECT item_id, acknowledged_by FROM flag_acknowledgements').all()).toEqual([{ item_id: imported.id, acknowledged_by: os.userInfo().username }]);
    await app.page.getByRole('link', { name: new RegExp(`^Needs attention( ${open - 1 + (await unresolvedRuns())} open)?$`) }).waitFor({ timeout: 10_000 });
    await app.screenshot('attention-acknowledged');
  });

  it("the dashboard's Failed card opens the queue, which names the failed run's reason and links to its log", async () => {
    // A contract run with a wrong secret fails as a whole.
    const h = scenario.core.handlers;
    const { credentials } = scenario.sandbox;
    await h['credentials:set']({ username: credentials.username, integrationCode: credentials.integrationCode, secret: 'wrong-secret-for-the-failed-card' });
    await syncFromDashboard('Sync Contracts', 'Contracts');
    await h['credentials:set']({ username: credentials.username, integrationCode: credentials.integrationCode, secret: credentials.secret });
    const failed = scenario.core.database.sqlite.prepare("SELECT id, message FROM sync_runs WHERE status = 'failed' ORDER BY id DESC LIMIT 1").get() as {
      id: number;
      message: string;
    };
    await app.page.getByTestId('failed-card-link').waitFor();
    await app.screenshot('attention-dashboard-failed-card');
    await app.page.getByTestId('failed-card-link').click();
    await app.page.getByRole('heading', { level: 1, name: 'Needs attention' }).waitFor();
    const runRow = app.page.getByTestId('failing-runs').locator('tbody tr').first();
    await expect(runRow.textContent()).resolves.toContain(failed.message.split('\n')[0]!.slice(0, 40));
    await runRow.getByRole('link', { name: `Open run ${failed.id}` }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Sync Logs' }).waitFor();
    expect(app.page.url()).toContain(`run=${failed.id}`);
  });

  it('holds its layout in light, dark and at 800 px: every column and the Acknowledge button in view', async () => {
    const sqlite = scenario.core.database.sqlite;
    const next = sqlite.prepare('SELECT autotask_time_entry_id AS entry FROM engineering_items WHERE flagged = 0 ORDER BY id LIMIT 1').get() as { entry: number };
    scenario.sandbox.control.unapproveTimeEntry(next.entry);
    await scenario.core.handlers['sync:start']({ type: 'time_entry', from: '2026-01-01', to: new Date().toISOString().slice(0, 10) });
    await scenario.core.syncService.idle();
    for (const look of [LOOKS[0], LOOKS[1], LOOKS[2]]) {
      await withLook(browser, server.url, scenario.core.handlers, look, async (shot) => {
        await goTo(shot, '#/attention', 'Needs attention');
        const button = shot.page.getByTestId('open-flags').getByRole('button', { name: new RegExp(`^Acknowledge time entry ${next.entry} `) });
        await button.waitFor();
        await shot.screenshot(`attention-${look.name}`);
        await button.scrollIntoViewIfNeeded();
        const box = (await button.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(look.viewport.width);
        // No table scrolls sideways: nothing is hidden to the right.
        const overflowing = await shot.page
          .locator('.table-wrap')
          .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.getAttribute('aria-label')} ${e.scrollWidth}>${e.clientWidth}`));
        expect(overflowing).toEqual([]);
      });
    }
  });
});

async function unresolvedRuns(): Promise<number> {
  return (await scenario.core.handlers['attention:count'](undefined)).unresolvedRuns;
}
