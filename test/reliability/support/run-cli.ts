// runCli in-process with captured streams: the shared runner of test/helpers/cli-runner.ts.
export { runCliCaptured, type CliRun } from '../../helpers/cli-runner';
