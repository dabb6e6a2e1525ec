// The headless command line (docs/product-rules.md#command-line): `npm run cli -- <command> [options]`.
import { addCommands, runCli } from './cli/program';
import { registerTestConnectionCommand } from './cli/test-connection-command';
import { registerSandboxCommand } from './cli/sandbox-command';

addCommands(registerTestConnectionCommand);
addCommands(registerSandboxCommand);

// `status --json | head`: the reader went away. That is not an error of ours: stop quietly (no stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
