// The headless command line (SPEC §3): `npm run cli -- <command> [options]`.
import { addCommands, runCli } from './cli/program';
import { registerTestConnectionCommand } from './autotask/cli-command';
import { registerSandboxCommand } from './sandbox/cli-command';

addCommands(registerTestConnectionCommand);
addCommands(registerSandboxCommand);

const code = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
