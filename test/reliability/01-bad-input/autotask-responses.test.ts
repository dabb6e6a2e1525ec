// Bad input, target "Autotask responses": what the REST client does with whatever arrives — any status,
// any headers, bodies that are HTML, truncated or wrong-shaped JSON, pages whose items are not records.
// The classifier must answer parsed JSON or an AutotaskError with a message (never throw, never echo
// the secret); the pagers must yield rows or throw an AutotaskError (a TypeError is a crash).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyResponse, type RawResponse } from '../../../main/autotask/response-classifier';
import { createRedactor } from '../../../main/autotask/secret-redactor';
import { keysetPages, nextPageUrlPages, type PagingDeps } from '../../../main/autotask/query-paging';
import { isAutotaskError } from '../../../main/autotask/autotask-error';
import { absurdNumber, hugeText, NUM_RUNS, oddDate, unicodeText } from '../support/arbitraries';
import { recordFigure } from '../support/figures';

const SECRET = 'Rel1ab1l1ty-S3cret-ÆØÅ-7f3a9c';
const CREDENTIALS = { username: 'reliability.user@example.invalid', secret: SECRET, integrationCode: 'REL-INTEGRATION-CODE' };
const redactor = createRedactor(CREDENTIALS);

const body = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '{"items": [',
    '{"items": null}',
    '{"items": {}}',
    '{"items": [null]}',
    '{"items": [1, "x", []]}',
    '{"items": [{"id": "1"}]}',
    '{"items": [{"id": 1}], "pageDetails": {"nextPageUrl": 5}}',
    '{"items": [{"id": 1}], "pageDetails": null}',
    'null',
    '[]',
    '"text"',
    '42',
    '<!DOCTYPE html><html><head><title>502 - Web server received an invalid response</title></head></html>',
    '<html><body><h1>Service Unavailable</h1></body></html>',
    '{"errors": ["Zone information could not be determined"]}',
    '{"errors": [{"message": "IntegrationCode is invalid."}]}',
    '{"errors": null, "Message": {"x": 1}}',
    `{"errors": ["The secret ${SECRET} is wrong"]}`,
    `{"Message": "Authorization has been denied for this request.", "echo": "${SECRET}"}`,
    '{"errors": ["thread threshold of 3 exceeded"]}',
    '{"errors": ["Requests per 60 minutes exceeded threshold"]}',
    '\uFEFF{"items": []}',
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      items: fc.array(fc.oneof(fc.record({ id: fc.oneof(absurdNumber, fc.nat()) }), fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 }),
      pageDetails: fc.option(fc.record({ nextPageUrl: fc.oneof(unicodeText, fc.constant('https://zone.example/ATServicesRest/V1.0/Contracts/query/next?paging=x')) })),
    })
    .map((v) => JSON.stringify(v)),
  unicodeText,
  hugeText,
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, 7)), // truncated
);

const rawResponse: fc.Arbitrary<RawResponse> = fc
  .record({
    status: fc.oneof(fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 405, 408, 409, 429, 500, 502, 503, 504), fc.integer({ min: 100, max: 599 })),
    contentType: fc.option(fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/json; charset=utf-8', '', 'TEXT/HTML; X')),
    retryAfter: fc.option(fc.oneof(fc.constantFrom('0', '5', '-1', '1e9', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', ''), oddDate, fc.array(fc.constantFrom('1', 'x')))),
    text: body,
  })
  .map(({ status, contentType, retryAfter, text }) => ({
    status,
    headers: { ...(contentType !== null ? { 'content-type': contentType } : {}), ...(retryAfter !== null ? { 'retry-after': retryAfter as string } : {}) },
    text,
    bytes: Buffer.byteLength(text),
  }));

describe('bad input: Autotask responses', () => {
  it(`classifies ${NUM_RUNS.toLocaleString('en-US')} generated responses and pages without crashing`, async () => {
    const failures: { problem: string; input: string }[] = [];
    const kinds: Record<string, number> = {};
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(rawResponse, fc.array(body, { minLength: 1, maxLength: 3 }), fc.boolean(), async (res, pages, keyset) => {
        cases++;
        const fail = (problem: string) => failures.push({ problem, input: `${res.status} ${res.text.slice(0, 120)}` });
        try {
          const c = classifyResponse(res, {
            method: 'POST',
            url: 'https://zone.example/ATServicesRest/V1.0/Contracts/query',
            endpoint: 'Contracts',
            redactor,
            nowMs: Date.UTC(2026, 10, 24),
          });
          if (c.ok) kinds.json = (kinds.json ?? 0) + 1;
          else {
            kinds[c.error.kind] = (kinds[c.error.kind] ?? 0) + 1;
            if (!c.error.userMessage.trim()) fail('error without a message');
            const shown = JSON.stringify({ m: c.error.userMessage, d: c.error.detail, e: c.error.errors, msg: c.error.message });
            if (shown.includes(SECRET)) fail('the secret appears in the error');
            if (c.error.userMessage.length > 5_000) fail(`message of ${c.error.userMessage.length} characters`);
          }
        } catch (error) {
          fail(`classifyResponse threw: ${(error as Error).message}`);
        }

        // The pagers over a sequence of page bodies (each parsed as the executor would).
        let served = 0;
        const deps: PagingDeps = {
          postQuery: async () => {
            const text = pages[Math.min(served++, pages.length - 1)]!;
            return JSON.parse(text) as unknown;
          },
          onPage: () => undefined,
          maxPages: 3,
        };
        const query = { entity: 'Contracts' as const, filter: [], pageSize: 2 };
        try {
          for await (const rows of (keyset ? keysetPages : nextPageUrlPages)(deps, query)) void rows;
        } catch (error) {
          if (error instanceof SyntaxError) return; // not JSON: the classifier above is what sees such a body
          if (!isAutotaskError(error)) fail(`pager threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
        }
      }),
      { numRuns: NUM_RUNS, seed: 10_006 },
    );
    recordFigure(
      'bad input',
      'Autotask responses: cases',
      cases,
      Object.entries(kinds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    );
    recordFigure('bad input', 'Autotask responses: crashes', failures.length);
    expect(cases).toBeGreaterThanOrEqual(NUM_RUNS);
    const distinct = [...new Map(failures.map((f) => [f.problem.slice(0, 40), f])).values()];
    expect(distinct.slice(0, 10)).toEqual([]);
  });
});
