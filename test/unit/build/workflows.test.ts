import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

// Every workflow in .github/workflows is checked with GitHub's own workflow parser
// (@actions/workflow-parser, from actions/languageservices: the schema and expression rules the Actions
// service and its editor tooling use), so a misspelt key, an unknown property or a broken expression fails
// `npm test` here instead of on the hosted runners. Then the desktop workflow is held to what issue #18
// asks of it.

const root = path.resolve(__dirname, '..', '..', '..');
const dir = path.join(root, '.github', 'workflows');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  }
  return errors;
}

const desktopText = fs.readFileSync(path.join(dir, 'desktop.yml'), 'utf8');

describe('GitHub Actions workflows', () => {
  it('there is at least the desktop workflow', () => {
    expect(files).toContain('desktop.yml');
  });

  it.each(files)('%s passes GitHub’s workflow schema and expression checks', async (file) => {
    await expect(workflowErrors(file, fs.readFileSync(path.join(dir, file), 'utf8'))).resolves.toEqual([]);
  });

  it('the check catches a misspelt runs-on', async () => {
    const planted = desktopText.replace('    runs-on: ${{ matrix.os }}', '    runs_on: ${{ matrix.os }}');
    expect(planted).not.toBe(desktopText);
    const errors = await workflowErrors('planted.yml', planted);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/Unexpected value 'runs_on'/), expect.stringMatching(/Required property is missing: runs-on/)]));
  });

  it('the check catches an unknown key on a job and on a step', async () => {
    const onJob = desktopText.replace('    timeout-minutes: 75', '    timeout-minutes: 75\n    timout-minutes: 75');
    expect(await workflowErrors('planted.yml', onJob)).toEqual([expect.stringMatching(/Unexpected value 'timout-minutes'/)]);
    const onStep = desktopText.replace('        uses: actions/checkout@v4', '        uses: actions/checkout@v4\n        whith:\n          fetch-depth: 1');
    expect(onStep).not.toBe(desktopText);
    expect(await workflowErrors('planted.yml', onStep)).toEqual([expect.stringMatching(/Unexpected value 'whith'/)]);
  });

  it('the check catches a secret used where Actions does not allow it, and an unclosed expression', async () => {
    const secretInIf = desktopText.replace("if: ${{ !cancelled() && runner.os != 'Linux' }}", "if: ${{ secrets.WIN_CSC_LINK != '' }}");
    expect(secretInIf).not.toBe(desktopText);
    expect(await workflowErrors('planted.yml', secretInIf)).toEqual([expect.stringMatching(/Unrecognized named-value: 'secrets'/)]);
    const unclosed = desktopText.replace('name: installers-${{ runner.os }}', 'name: installers-${{ runner.os');
    expect((await workflowErrors('planted.yml', unclosed)).join('\n')).toMatch(/expression is not closed/);
  });
});

type Step = { name?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
const desktop = yaml.load(desktopText) as { on: Record<string, unknown>; jobs: Record<string, { 'runs-on': string; strategy: { matrix: { os: string[] } }; steps: Step[] }> };
const job = desktop.jobs.desktop!;
const steps = job.steps;
const runs = (pattern: RegExp) => steps.filter((s) => s.run !== undefined && pattern.test(s.run));

describe('the desktop workflow (issue #18)', () => {
  it('runs on Linux, Windows and macOS runners, one job each, without stopping the others on a failure', () => {
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    expect((job.strategy as { 'fail-fast'?: boolean })['fail-fast']).toBe(false);
    expect(Object.keys(desktop.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_dispatch']));
  });

  it('installs with the Electron binary, then runs npm test, test:electron (xvfb on Linux) and dist, in that order', () => {
    const order = (pattern: RegExp) => steps.findIndex((s) => s.run !== undefined && pattern.test(s.run));
    const install = order(/^npm ci\b/);
    const binary = order(/node node_modules\/electron\/install\.js/);
    const test = order(/^npm test$/);
    const e2e = order(/npm run test:electron/);
    const dist = order(/^npm run dist$/);
    expect([install, binary, test, e2e, dist].every((i) => i >= 0)).toBe(true);
    expect(install < binary && binary < test && test < e2e && e2e < dist).toBe(true);
    const electronRuns = runs(/npm run test:electron/);
    expect(electronRuns).toHaveLength(2);
    expect(electronRuns.find((s) => s.if?.includes("runner.os == 'Linux'"))?.run).toMatch(/^xvfb-run -a dbus-run-session -- .*gnome-keyring-daemon --unlock --components=secrets.*npm run test:electron'$/);
    expect(electronRuns.find((s) => s.if?.includes("runner.os != 'Linux'"))?.run).toBe('npm run test:electron');
  });

  it('keeps the installers of each OS as artifacts, and the test output even when a step failed', () => {
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const installers = uploads.find((s) => String(s.with?.name).startsWith('installers-'));
    expect(String(installers?.with?.path).split('\n').filter(Boolean)).toEqual(['release/*.AppImage', 'release/*.deb', 'release/*.exe', 'release/*.dmg']);
    expect(installers?.with?.['if-no-files-found']).toBe('error');
    // electron-builder.yml writes the installers to release/.
    const builder = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { directories: { output: string } };
    expect(builder.directories.output).toBe('release');
    expect(uploads.find((s) => String(s.with?.path).startsWith('test-artifacts'))?.if).toBe('${{ always() }}');
  });

  it('signs and notarizes from secrets when present, and says so with a notice when not', () => {
    const dist = steps.find((s) => s.run === 'npm run dist')!;
    expect(Object.keys(dist.env ?? {}).sort()).toEqual(['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'CSC_KEY_PASSWORD', 'CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'WIN_CSC_LINK']);
    // The macOS certificate never reaches the Windows build (electron-builder falls back to CSC_LINK there).
    expect(dist.env?.CSC_LINK).toBe("${{ runner.os == 'macOS' && secrets.MAC_CSC_LINK || '' }}");
    const signing = steps.find((s) => s.name?.startsWith('Signing'))!;
    expect(signing.run).toMatch(/::notice title=Unsigned macOS build::/);
    expect(signing.run).toMatch(/::notice title=macOS build not notarized::/);
    expect(signing.run).toMatch(/::notice title=Unsigned Windows build::/);
    expect(signing.run).toMatch(/CSC_IDENTITY_AUTO_DISCOVERY=false/);
  });
});
