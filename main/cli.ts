// The headless command line (SPEC §3): `npm run cli -- <command> [options]`.
import { runCli } from './cli/program';

const code = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
