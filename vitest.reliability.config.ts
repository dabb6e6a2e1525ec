import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files run in path order (folders are numbered): the secrets scan must come after everything it scans. */
class PathOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

// `npm run test:reliability`: the suite that attacks the whole product (issue 10) — generated bad input,
// disk and database faults, SIGKILLed syncs, a hostile network, secrets, load. Kept out of `npm test`
// because it runs for minutes. Files run one after another (fileParallelism: false): several of them
// spawn child processes or measure latency, and on a 2-core machine parallel files would disturb each
// other's figures. The global setup prints every figure as one table at the end.
export default defineConfig({
  test: {
    name: 'reliability',
    environment: 'node',
    include: ['test/reliability/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    globalSetup: ['test/reliability/support/global-setup.ts'],
    sequence: { sequencer: PathOrderSequencer },
  },
});
