import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { SandboxUsageError, registerSandboxCommand, runSandboxServer } from '../../../main/cli/sandbox-command';

describe('sandbox CLI command', () => {
  it('serves until stopped and prints the lookup URL, demo credentials and admin token', async () => {
    const lines: string[] = [];
    const json: unknown[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let ready!: (doc: { zoneLookupUrl: string; username: string; origin: string }) => void;
    const printed = new Promise<{ zoneLookupUrl: string; username: string; origin: string }>((r) => (ready = r));
    const running = runSandboxServer(
      { seed: '2', size: 'empty', adminToken: 'tok', json: true },
      { info: (l) => lines.push(l), printJson: (v) => (json.push(v), ready(v as never)) },
      stopped,
    );
    const doc = await printed;
    const zoneLookupUrl = doc.zoneLookupUrl;
    try {
      const res = await fetch(`${zoneLookupUrl}V1.0/zoneInformation?user=${encodeURIComponent(doc.username)}`);
      expect(res.status).toBe(200);
      const admin = await fetch(`${doc.origin}/__sandbox/count`, {
        method: 'POST',
        headers: { 'x-sandbox-token': 'tok' },
        body: JSON.stringify({ entity: 'Companies' }),
      });
      expect(await admin.json()).toEqual({ result: 1 });
    } finally {
      stop();
      await running;
    }
    expect(zoneLookupUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\/$/);
    const text = lines.join('\n');
    expect(text).toContain(zoneLookupUrl);
    expect(text).toContain('integration code:');
    expect(text).toContain('x-sandbox-token: tok');
    expect(text).toContain('Sandbox stopped.');
    expect(json[0]).toMatchObject({ adminToken: 'tok', size: 'empty', seed: 2 });
    await expect(fetch(`${zoneLookupUrl}versioninformation`)).rejects.toThrow(); // closed
  });

  it('rejects bad options as usage errors', async () => {
    const io = { info: () => undefined, printJson: () => undefined };
    await expect(runSandboxServer({ size: 'huge' }, io, Promise.resolve())).rejects.toBeInstanceOf(SandboxUsageError);
    await expect(runSandboxServer({ port: '70000' }, io, Promise.resolve())).rejects.toBeInstanceOf(SandboxUsageError);
    await expect(runSandboxServer({ seed: 'abc' }, io, Promise.resolve())).rejects.toBeInstanceOf(SandboxUsageError);
  });

  it('registers `sandbox` with its options on a commander program (exit code 2 on bad usage)', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerSandboxCommand(program, { info: () => undefined, printJson: () => undefined });
    const cmd = program.commands.find((c) => c.name() === 'sandbox')!;
    expect(cmd.options.map((o) => o.long).sort()).toEqual(['--admin-token', '--json', '--port', '--seed', '--size']);
    cmd.exitOverride();
    const err = await program.parseAsync(['sandbox', '--size', 'huge'], { from: 'user' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).exitCode).toBe(2);
  });
});
