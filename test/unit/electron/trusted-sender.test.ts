import { describe, expect, it } from 'vitest';
import { APP_START_URL, isAppUrl, isTrustedSender } from '../../../main/electron/trusted-sender';
import { externalOpenDecision, isAllowedNavigation, isPermissionGranted } from '../../../main/electron/navigation-policy';

const main = { isMainFrame: true, fromMainWindow: true };

describe('trusted-sender check', () => {
  it('accepts only the app:// origin in the main window’s top frame', () => {
    expect(isTrustedSender({ frameUrl: APP_START_URL, ...main })).toBe(true);
    expect(isTrustedSender({ frameUrl: 'app://app/index.html#/logs?status=error', ...main })).toBe(true);
  });

  it('refuses other origins, file://, look-alikes and missing frames', () => {
    for (const url of [
      'file:///home/u/out/renderer/index.html',
      'http://127.0.0.1:5173/',
      'https://app/',
      'app://evil/index.html',
      'app://app.evil.example/index.html',
      'app://user:pw@app/index.html',
      'app://app:8080/index.html',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(isTrustedSender({ frameUrl: url, ...main }), String(url)).toBe(false);
    }
  });

  it('refuses an iframe or another window even on the app origin', () => {
    expect(isTrustedSender({ frameUrl: APP_START_URL, isMainFrame: false, fromMainWindow: true })).toBe(false);
    expect(isTrustedSender({ frameUrl: APP_START_URL, isMainFrame: true, fromMainWindow: false })).toBe(false);
    expect(isAppUrl('app://app/index.html?page=logs')).toBe(true);
  });
});

describe('navigation, new windows and permissions', () => {
  it('keeps navigation inside app://app', () => {
    expect(isAllowedNavigation('app://app/index.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
  });

  it('opens only plain https links, and only in the user’s browser', () => {
    expect(externalOpenDecision('https://ww5.autotask.net/Mvc/Contracts')).toEqual({ action: 'open-externally', url: 'https://ww5.autotask.net/Mvc/Contracts' });
    for (const url of [
      'http://example.com',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://host/share',
      'https://u:p@example.com/',
      'app://app/x',
      'garbage',
    ]) {
      expect(externalOpenDecision(url), url).toEqual({ action: 'deny' });
    }
  });

  it('denies permissions by default', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'fullscreen', 'clipboard-read']) {
      expect(isPermissionGranted(p, 'app://app/index.html'), p).toBe(false);
    }
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://app/index.html')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});
