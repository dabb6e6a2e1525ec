// Pure (no 'electron' import): unit-tested in Node. Every IPC handler asks this before dispatching.

/** The origin the UI is served from (see app-protocol-path.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Whether a URL belongs to the app's own origin (app://app/…), nothing else: not file://, not http. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

/** Kept for callers of the first version: the URL half of the check. */
export const isTrustedSenderUrl = isAppUrl;

export interface SenderFacts {
  /** event.senderFrame?.url — null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null | undefined;
  /** The frame is the top frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** The message came from the app's main window (webContents id matches). */
  fromMainWindow: boolean;
}

/**
 * Only the main window's top frame, showing the app:// origin, may call the API (Electron security
 * checklist item 17). An iframe or any other page — even one that somehow got the preload — is refused.
 */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.fromMainWindow && facts.isMainFrame && isAppUrl(facts.frameUrl);
}
