import type { Db } from '../db/open-database';
import { deleteSettingRow, selectSettingRows, writeSettingRows } from '../db/queries/settings';
import { DEFAULT_SETTINGS, isSettingKey, settingsShape, validateSettingsPatch, type FieldErrors, type SettingKey, type Settings } from '../../shared/settings';

export class SettingsValidationError extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super(
      Object.entries(fieldErrors)
        .map(([k, m]) => (k === '_' ? m : `${k}: ${m}`))
        .join('; '),
    );
    this.name = 'SettingsValidationError';
  }
}

/**
 * Current settings: defaults overlaid with stored values. A stored value that no longer validates (an
 * older version wrote it, or someone edited the file) falls back to the default instead of breaking start-up.
 */
export function readSettings(db: Db): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of selectSettingRows(db)) {
    if (!isSettingKey(row.key)) continue;
    try {
      const parsed = settingsShape[row.key].safeParse(JSON.parse(row.value));
      if (parsed.success) out[row.key] = parsed.data;
    } catch {
      // unreadable JSON: keep the default
    }
  }
  return out as Settings;
}

/** Validates and stores a partial update atomically; nothing is written if any field is invalid. */
export function updateSettings(db: Db, patch: unknown, now: Date = new Date()): Settings {
  const result = validateSettingsPatch(patch);
  if (!result.ok) throw new SettingsValidationError(result.fieldErrors);
  const lookupChanged = result.value.zoneLookupUrl !== undefined && result.value.zoneLookupUrl !== readSettings(db).zoneLookupUrl;
  // A zone learnt from the old lookup URL must never serve the new one (issue #17).
  writeSettingRows(
    db,
    Object.entries(result.value).map(([key, value]) => [key, JSON.stringify(value)] as const),
    now.toISOString(),
    { clearZoneCache: lookupChanged },
  );
  return readSettings(db);
}

export function resetSetting(db: Db, key: SettingKey): Settings {
  deleteSettingRow(db, key);
  return readSettings(db);
}
