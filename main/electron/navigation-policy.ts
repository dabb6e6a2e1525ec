import { isAppUrl } from './trusted-sender';

// Pure (no 'electron' import): what the window may navigate to, open, or be granted.

/** In-app navigation never leaves app://app; everything else is refused (will-navigate, will-redirect). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * A link the page tries to open in a new window: never a new Electron window. A plain https link (e.g.
 * "open in Autotask") goes to the user's browser; anything else (file:, javascript:, custom schemes,
 * http:, credentials in the URL) is dropped.
 */
export function externalOpenDecision(url: string): { action: 'deny' } | { action: 'open-externally'; url: string } {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && !u.username && !u.password) return { action: 'open-externally', url: u.toString() };
  } catch {
    // not a URL: deny
  }
  return { action: 'deny' };
}

/**
 * Permission requests (camera, notifications from the page, geolocation…): denied by default. The app
 * needs none — OS notifications come from the main process, not the page. Copying to the clipboard on
 * a click is the one harmless exception, and only for the app's own page.
 */
export function isPermissionGranted(permission: string, requestingUrl: string | null | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
