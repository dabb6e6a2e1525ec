// Regression found by the reliability suite's generated Autotask responses (issue 10): a page whose
// items include null crashed the pagers with a TypeError instead of an AutotaskError.
import { describe, expect, it } from 'vitest';
import { keysetPages, nextPageUrlPages, type PagingDeps } from '../../../main/autotask/query-paging';
import { isAutotaskError } from '../../../main/autotask/autotask-error';

function deps(pages: unknown[]): PagingDeps {
  let i = 0;
  return { postQuery: async () => pages[Math.min(i++, pages.length - 1)], onPage: () => undefined, maxPages: 5 };
}

async function drain(gen: AsyncGenerator<Record<string, unknown>[]>): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const page of gen) rows.push(...page);
  return rows;
}

describe('pages with items that are not records', () => {
  it('keyset paging refuses the page with an AutotaskError', async () => {
    const error = await drain(keysetPages(deps([{ items: [null, { id: 1 }] }]), { entity: 'Contracts', filter: [], pageSize: 2 })).catch((e: unknown) => e);
    expect(isAutotaskError(error)).toBe(true);
    expect((error as Error).message).toContain('a row has no numeric id');
  });

  it('nextPageUrl paging passes them on for the record parser to report', async () => {
    const rows = await drain(nextPageUrlPages(deps([{ items: [null, 3, { id: 1 }] }]), { entity: 'Contracts', filter: [], pageSize: 500 }));
    expect(rows).toEqual([null, 3, { id: 1 }]);
  });
});
