// Issue #15 point 3 in real Chromium against the real core and the sandbox: the "Excluded" page opens on
// "nothing read yet", Refresh reads Autotask (busy, then the tables and the no-contract warning), the read
// is kept with its time; axe finds nothing; light, dark and 800 px hold with a 300-character contract name.
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage } from './harness/browser';
import { goTo, LOOKS, withLook } from './support/gallery';
import { startScenarioApp, type ScenarioApp } from './support/scenario-app';
import { addDays, toLocalDate } from '../../shared/dates';

let world: ScenarioApp;
let app: AppPage;
const LONG_NAME = `Legacy managed services ${'and-a-very-long-contract-name-'.repeat(10)}`.slice(0, 300);

beforeAll(async () => {
  world = await startScenarioApp({ configure: { hourlyRate: '150' } });
  app = world.app!;
  const c = world.scenario.sandbox.control;
  const company = c.list('Companies')[0]!;
  const contract = c.insert('Contracts', { contractName: LONG_NAME, companyID: company.id, status: 1 });
  const base = { isNonBillable: false, billingApprovalDateTime: new Date().toISOString(), dateWorked: `${addDays(toLocalDate(new Date()), -2)}T00:00:00.000Z`, resourceID: 1 };
  c.insert('TimeEntries', { ...base, contractID: contract.id, hoursWorked: 2.5 });
  c.insert('TimeEntries', { ...base, contractID: null, hoursWorked: 1.75 });
}, 60_000);
afterAll(async () => {
  await world?.close();
});

async function axeViolations(page: AppPage['page']): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('main').analyze();
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

describe('Excluded', () => {
  it('is reached from the navigation, reads Autotask on Refresh and keeps the read with its time', async () => {
    await goTo(app, '#/dashboard', 'Sync Dashboard');
    await app.page.getByRole('link', { name: 'Excluded' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Excluded from sync' }).waitFor();
    await app.page.getByText(/Nothing has been read yet/).waitFor();
    const refresh = app.page.getByTestId('excluded-refresh');
    await refresh.click();
    await app.page.getByTestId('excluded-read-at').waitFor({ timeout: 30_000 });
    await expect(refresh.textContent()).resolves.toBe('Refresh from Autotask');
    await expect(app.page.getByTestId('excluded-announcer').textContent()).resolves.toMatch(/^Read from Autotask: \d+ excluded contract/);
    const row = app.page
      .getByTestId('excluded-time')
      .locator('tbody tr')
      .filter({ hasText: LONG_NAME.slice(0, 30) });
    await expect(row.count()).resolves.toBe(1);
    await expect(app.page.getByTestId('excluded-no-contract').textContent()).resolves.toMatch(/billable, approved time entr(y|ies) \([\d.,]+ h\) (is|are) on no contract/);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.screenshot('excluded-read');

    // Reopening the page shows the cached read without calling Autotask.
    world.scenario.sandbox.control.resetStats();
    await app.page.reload();
    await goTo(app, '#/excluded', 'Excluded from sync');
    await app.page.getByTestId('excluded-read-at').waitFor();
    expect(Object.keys(world.scenario.sandbox.control.stats().requests)).toEqual([]);
  });

  it('holds its layout in light, dark and at 800 px with a 300-character contract name: nothing scrolls sideways', async () => {
    for (const look of [LOOKS[0], LOOKS[1], LOOKS[2]]) {
      await withLook(world.browser, world.server.url, world.scenario.core.handlers, look, async (shot) => {
        await goTo(shot, '#/excluded', 'Excluded from sync');
        await shot.page.getByTestId('excluded-read-at').waitFor();
        await shot.screenshot(`excluded-${look.name}`);
        const overflowing = await shot.page
          .locator('.table-wrap')
          .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.getAttribute('aria-label')} ${e.scrollWidth}>${e.clientWidth}`));
        expect(overflowing).toEqual([]);
        const pageWidth = await shot.page.evaluate(() => document.documentElement.scrollWidth);
        expect(pageWidth).toBeLessThanOrEqual(look.viewport.width);
        if (look.colorScheme === 'dark') expect(await axeViolations(shot.page)).toEqual([]);
      });
    }
  });
});
