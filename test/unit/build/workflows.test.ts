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

// The desktop workflow is checked against the files it depends on, not restated value by value (a test that
// copies the YAML's literals can only fail when someone edits both): every script it runs exists, the
// steps come in an order that works, and it uploads the folder electron-builder really writes to.
const packageScripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the desktop workflow (issue #18)', () => {
  it('runs only npm scripts that package.json defines', () => {
    const named = steps.flatMap((s) => [...(s.run ?? '').matchAll(/\bnpm (?:run ([\w:.-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]!));
    expect(named.length).toBeGreaterThan(0);
    for (const script of named) expect(packageScripts, `npm run ${script}`).toHaveProperty([script]);
  });

  it('installs, then fetches the Electron binary, then tests, then runs the app end to end, then packages', () => {
    const order = (pattern: RegExp) => steps.findIndex((s) => s.run !== undefined && pattern.test(s.run));
    const found = [order(/^npm ci\b/), order(/node node_modules\/electron\/install\.js/), order(/^npm test$/), order(/npm run test:electron/), order(/^npm run dist$/)];
    expect(found.every((i) => i >= 0)).toBe(true);
    expect([...found].sort((x, y) => x - y)).toEqual(found);
  });

  it('uploads the installers from the folder electron-builder writes them to', () => {
    const builder = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { directories: { output: string } };
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const installers = uploads.find((s) => String(s.with?.name).startsWith('installers-'));
    const paths = String(installers?.with?.path).split('\n').filter(Boolean);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p.startsWith(`${builder.directories.output}/`), p).toBe(true);
  });

  it('hands every secret the signing notice checks to the packaging step, and the notice names it', () => {
    const secretsIn = (text: string) => [...new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]!))];
    const dist = steps.find((s) => s.run === 'npm run dist')!;
    const signing = steps.find((s) => s.name?.startsWith('Signing'))!;
    const checked = secretsIn(JSON.stringify(signing.env ?? {}));
    const passed = secretsIn(JSON.stringify(dist.env ?? {}));
    expect(checked.length).toBeGreaterThan(0);
    expect(passed).toEqual(expect.arrayContaining(checked));
    for (const name of checked) expect(desktopText.split('name: Desktop')[0], `${name} documented in the header`).toContain(name);
  });
});
