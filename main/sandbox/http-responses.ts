/** Writing responses the way the real service does (JSON bodies, IIS HTML error pages). */
import type { ServerResponse } from 'node:http';

const IIS_TITLES: Record<number, string> = {
  404: '404 - File or directory not found.',
  502: '502 - Web server received an invalid response while acting as a gateway or proxy server.',
  503: 'Service Unavailable',
};

/** An IIS-style HTML error page, as a gateway in front of the API would return. */
export function iisHtmlPage(status: number): string {
  const title = IIS_TITLES[status] ?? `${status} - Server Error`;
  return [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml">',
    '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>',
    `<title>${title}</title></head>`,
    '<body><div id="header"><h1>Server Error</h1></div>',
    `<div id="content"><div class="content-container"><fieldset><h2>${title}</h2>`,
    '<h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>',
    '</fieldset></div></div></body></html>',
  ].join('\r\n');
}

export interface SendOptions {
  contentType?: string;
  headers?: Record<string, string>;
  /** Cut the body mid-way (status 200 stays): the `truncated` fault. */
  truncate?: boolean;
}

export function sendBody(res: ServerResponse, status: number, body: string, opts: SendOptions = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const contentType = opts.contentType ?? 'application/json; charset=utf-8';
  const headers: Record<string, string> = { 'content-type': contentType, ...opts.headers };
  if (opts.truncate) {
    // No content-length: the transfer completes cleanly, only the JSON is cut.
    const cut = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    res.writeHead(status, headers);
    res.end(cut);
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, opts: SendOptions = {}): void {
  sendBody(res, status, JSON.stringify(value), opts);
}
