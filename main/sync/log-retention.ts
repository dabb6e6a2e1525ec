// Log retention after each run. The queries colleague owns the cleanup itself (main/db/queries); until
// it exists this deletes nothing — see the report.
import type { Settings } from '../../shared/settings';
import type { SyncEnvironment } from './run-sync';

export function cleanupLogsIfAvailable(_env: SyncEnvironment, _settings: Settings): void {
  // Intentionally empty until main/db/queries offers cleanupOldLogs.
}
