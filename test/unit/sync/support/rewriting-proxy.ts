/** A loopback HTTP proxy in front of the sandbox that can rewrite JSON answers (wrong types on the wire). */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RewritingProxy {
  origin: string;
  zoneLookupUrl: string;
  close(): Promise<void>;
}

export async function startRewritingProxy(target: string, rewrite: (path: string, json: any) => void): Promise<RewritingProxy> {
  let origin = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', target);
      const headers = { ...req.headers, host: url.host };
      delete headers['content-length'];
      const body = Buffer.concat(chunks);
      const up = httpRequest(url, { method: req.method, headers: { ...headers, 'content-length': String(body.length) } }, (upRes) => {
        const parts: Buffer[] = [];
        upRes.on('data', (c: Buffer) => parts.push(c));
        upRes.on('end', () => {
          // Zone and next-page URLs point at the sandbox: send the client back through the proxy.
          let text = Buffer.concat(parts).toString('utf8').split(target).join(origin);
          try {
            const json = JSON.parse(text);
            rewrite(url.pathname, json);
            text = JSON.stringify(json);
          } catch {
            // not JSON: pass through
          }
          const out = { ...upRes.headers };
          delete out['content-length'];
          delete out['transfer-encoding'];
          res.writeHead(upRes.statusCode ?? 502, { ...out, 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      });
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    zoneLookupUrl: `${origin}/ATServicesRest/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
