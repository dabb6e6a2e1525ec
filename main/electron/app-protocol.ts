import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './trusted-sender';
import { contentTypeFor, resolveAppProtocolPath, SECURITY_HEADERS } from './app-protocol-path';

/**
 * Must run before `app.whenReady()`: app:// behaves like a standard, secure origin (so 'self' in the CSP,
 * module scripts and fetch work) instead of file://, which grants far too much (Electron security
 * checklist item 18).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Serves the built renderer folder over app://app/, with the path check and the CSP on every response. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppProtocolPath(rendererDir, request.url);
    if (!resolved.ok) return new Response(resolved.reason, { status: resolved.status, headers: SECURITY_HEADERS });
    try {
      const body = await fs.readFile(resolved.file);
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(resolved.file) } });
    } catch {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
  });
}
