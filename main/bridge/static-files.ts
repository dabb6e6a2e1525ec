import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Serves the built renderer. Only files inside `dir` (no traversal, no symlinks out); index.html for `/`.
 * The page carries its own CSP meta tag; the headers add what a meta tag cannot (framing, sniffing).
 */
export function serveStaticFile(dir: string, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const root = fs.realpathSync(dir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  if (rel.includes('\0')) {
    res.writeHead(400).end('Bad path');
    return;
  }
  const wanted = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  let file: string;
  try {
    file = fs.realpathSync(wanted);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  if (!file.startsWith(root + path.sep) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const ext = path.extname(file);
  const isHtml = ext === '.html';
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': fs.statSync(file).size,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    // Hashed asset names may be cached; the page itself is always fetched fresh.
    'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(file).pipe(res);
}
