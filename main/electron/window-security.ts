import { shell, type Session, type WebContents } from 'electron';
import { externalOpenDecision, isAllowedNavigation, isPermissionGranted } from './navigation-policy';

/** Session-wide: every permission request and check is denied unless the pure policy allows it. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionGranted(permission, contents.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
}

/** Per page: no navigation away from app://app, no new windows, no <webview>. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = externalOpenDecision(url);
    if (decision.action === 'open-externally') void shell.openExternal(decision.url);
    return { action: 'deny' };
  });
}
