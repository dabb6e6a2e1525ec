import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveAppProtocolPath } from '../../../main/electron/app-protocol-path';

const root = path.resolve('/opt/app/out/renderer');

describe('app:// protocol path resolution', () => {
  it('serves files inside the renderer folder, index.html for the root', () => {
    expect(resolveAppProtocolPath(root, 'app://app/')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppProtocolPath(root, 'app://app')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppProtocolPath(root, 'app://app/assets/index-abc123.js?v=1#x')).toEqual({ ok: true, file: path.join(root, 'assets', 'index-abc123.js') });
    expect(resolveAppProtocolPath(root, 'app://app/assets/My%20Font.woff2')).toEqual({ ok: true, file: path.join(root, 'assets', 'My Font.woff2') });
  });

  it('literal dot segments are collapsed by URL parsing and stay inside the folder', () => {
    expect(resolveAppProtocolPath(root, 'app://app/../../../etc/passwd')).toEqual({ ok: true, file: path.join(root, 'etc', 'passwd') });
    expect(resolveAppProtocolPath(root, 'app://app/%2e%2e/%2e%2e/etc/passwd')).toEqual({ ok: true, file: path.join(root, 'etc', 'passwd') });
    expect(resolveAppProtocolPath(root, 'app://app/assets/../../main/electron.cjs')).toEqual({ ok: true, file: path.join(root, 'main', 'electron.cjs') });
  });

  it('refuses every way out of the folder', () => {
    const attempts = [
      'app://app/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://app/assets/..%2f..%2fpackage.json',
      'app://app/..%5c..%5cWindows%5cwin.ini',
      'app://app/assets%5c..%5c..%5csecret',
      'app://app/C:/Windows/win.ini',
      'app://app/%00index.html',
      'app://app/index.html%00.png',
      'app://app/%E0%A4%A',
    ];
    for (const url of attempts) {
      const r = resolveAppProtocolPath(root, url);
      expect(r.ok, url).toBe(false);
    }
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppProtocolPath(root, 'app://other/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppProtocolPath(root, 'file:///opt/app/out/renderer/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppProtocolPath(root, 'nonsense')).toMatchObject({ ok: false, status: 400 });
  });

  it('names content types, and the CSP allows no eval, inline script or remote source', () => {
    expect(contentTypeFor('x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x/unknown.bin')).toBe('application/octet-stream');
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});
