// Fault scripts for the mini Autotask: answer the first `times` matching requests with a fault.
import type http from 'node:http';
import type { RecordedRequest } from './stub-server';

export function faultTimes(
  times: number,
  match: (req: RecordedRequest) => boolean,
  fault: (res: http.ServerResponse, req: RecordedRequest) => void,
): (req: RecordedRequest, res: http.ServerResponse) => boolean {
  let left = times;
  return (req, res) => {
    if (left <= 0 || !match(req)) return false;
    left -= 1;
    fault(res, req);
    return true;
  };
}

export const isQuery = (req: RecordedRequest) => /\/query(\/|$|\?)/i.test(req.url);

export function html(res: http.ServerResponse, status: number, title: string): void {
  const body = `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Valid headers, then a body cut in the middle (content-length promises more than arrives). */
export function truncated(res: http.ServerResponse): void {
  const full = JSON.stringify({ items: [{ id: 1, companyName: 'x' }], pageDetails: { nextPageUrl: null } });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
  res.write(full.slice(0, 20));
  setTimeout(() => res.socket?.destroy(), 5);
}

/** Complete HTTP exchange whose JSON text is cut short (a proxy that lost the tail). */
export function shortJson(res: http.ServerResponse): void {
  const body = '{"items":[{"id":1,"compa';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
