/**
 * Whether an IPC message came from the app's own page. Pure so it is unit-tested without Electron.
 * The desktop shell serves the UI from file:// (or app:// once the custom protocol is in place).
 */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'app:' || u.protocol === 'file:';
  } catch {
    return false;
  }
}
