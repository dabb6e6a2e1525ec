// Changing the zone lookup URL decides where the saved API secret would be sent next (issue #17): a
// hostile page with access to the bridge could point it at its own server. So a new lookup URL never
// inherits the saved secret: the secret is removed from the keychain (the user enters it again for the
// new address) and every cached zone is dropped (updateSettings does that in the same transaction).
import { validateSettingsPatch } from '../../shared/settings';
import type { Db } from '../db/open-database';
import type { SecretStore } from '../secrets/secret-store';
import { readSettings, SettingsValidationError, updateSettings } from './settings-store';
import type { Settings } from '../../shared/settings';

export { SECRET_CLEARED_MESSAGE } from '../../shared/settings';

export interface GuardedUpdate {
  settings: Settings;
  /** True when the saved secret was removed because the lookup URL changed. */
  secretCleared: boolean;
}

/** updateSettings, plus: a changed zoneLookupUrl removes the saved secret first (refused if it cannot). */
export async function updateSettingsGuarded(db: Db, secrets: SecretStore, patch: unknown, now: Date = new Date()): Promise<GuardedUpdate> {
  const parsed = validateSettingsPatch(patch);
  if (!parsed.ok) throw new SettingsValidationError(parsed.fieldErrors);
  const before = readSettings(db);
  let secretCleared = false;
  const nextUrl = parsed.value.zoneLookupUrl;
  if (nextUrl !== undefined && nextUrl !== before.zoneLookupUrl && before.username) {
    if ((await secrets.get(before.username)) !== null) {
      await secrets.delete(before.username);
      secretCleared = true;
    }
  }
  return { settings: updateSettings(db, patch, now), secretCleared };
}
