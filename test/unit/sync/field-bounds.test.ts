// Issue #17 item 4: Autotask text is bounded per field at parse time, and the clipping is reported.
import { describe, expect, it } from 'vitest';
import { companySchema, contractServiceSchema, parseRecord, timeEntrySchema } from '../../../main/sync/autotask-payloads';
import { boundRecord, clipText, clipWarning, DEFAULT_TEXT_MAX, fieldLimit } from '../../../main/sync/field-bounds';

describe('field bounds', () => {
  it("uses Autotask's field lengths, whatever the caller calls the entity, and 255 where none is documented", () => {
    expect(fieldLimit('Company', 'companyName')).toBe(100);
    expect(fieldLimit('Companies', 'companyName')).toBe(100);
    expect(fieldLimit('ContractService', 'internalDescription')).toBe(100);
    expect(fieldLimit('ContractServices', 'invoiceDescription')).toBe(1000);
    expect(fieldLimit('Time entry', 'summaryNotes')).toBe(8000);
    expect(fieldLimit('TimeEntries', 'summaryNotes')).toBe(8000);
    expect(fieldLimit('Company', 'city')).toBe(DEFAULT_TEXT_MAX);
    expect(fieldLimit('SomethingNew', 'anything')).toBe(DEFAULT_TEXT_MAX);
  });

  it('never cuts a surrogate pair in half', () => {
    expect(clipText('ab😀cd', 3)).toBe('ab');
    expect(clipText('ab😀cd', 4)).toBe('ab😀');
    expect(clipText('short', 100)).toBe('short');
  });

  it('clips a 3,000,000-character company name to 100 and says so without quoting it', () => {
    const name = `Acme ${'A'.repeat(3_000_000)}`;
    const parsed = parseRecord(companySchema, 'Company', { id: 7, companyName: name, isActive: true, city: 'x'.repeat(300) });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.companyName).toHaveLength(100);
    expect(parsed.value.companyName).toBe(name.slice(0, 100));
    expect(parsed.value.city).toHaveLength(255);
    expect(parsed.clipped).toEqual([
      { field: 'companyName', length: 3_000_005, limit: 100 },
      { field: 'city', length: 300, limit: 255 },
    ]);
    const warning = clipWarning('company', 'Company', parsed);
    expect(warning).toMatchObject({ kind: 'warning', syncType: 'company', autotaskId: 7, log: { status: 'warning' } });
    expect(warning!.message).toMatch(/^Company 7 clipped: companyName was 3,000,005 characters, the maximum is 100; kept the first 100 \("Acme A+…"\); city was 300/);
    expect(warning!.message.length).toBeLessThan(400);
    expect(JSON.stringify(warning!.log!.details).length).toBeLessThan(400);
  });

  it('nothing clipped, no warning', () => {
    const parsed = parseRecord(contractServiceSchema, 'ContractService', { id: 1, contractID: 2, serviceID: 3, unitPrice: 1, invoiceDescription: null, internalDescription: 'ok' });
    expect(parsed.ok && parsed.clipped).toEqual([]);
    expect(clipWarning('contract', 'ContractService', parsed)).toBeNull();
  });

  it('an unreadable record keeps its error details bounded too', () => {
    const parsed = parseRecord(timeEntrySchema, 'Time entry', {
      id: 9,
      hoursWorked: 'three',
      summaryNotes: 'n'.repeat(100_000),
      extra: Array.from({ length: 10_000 }, (_, i) => i),
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(JSON.stringify(parsed.raw).length).toBeLessThan(12_000);
    expect(parsed.clipped.map((c) => c.field)).toEqual(['summaryNotes', 'extra']);
    expect(clipWarning('time_entry', 'Time entry', parsed)?.autotaskId).toBe(9);
  });

  it('a record within bounds is passed on as it is; one over is copied and clipped, whatever its keys are called', () => {
    const ok = { id: 1, summaryNotes: 'fine', dateWorked: '2026-11-24' };
    expect(boundRecord('Time entry', ok).record).toBe(ok);
    // "constructor" and "__proto__" are not Object.prototype's: they get the default limit like any other field.
    const hostile = JSON.parse(`{"id": 2, "constructor": "${'c'.repeat(300)}", "__proto__": "${'p'.repeat(300)}"}`) as Record<string, unknown>;
    const bounded = boundRecord('Time entry', hostile);
    expect(bounded.record).not.toBe(hostile);
    expect(bounded.clipped.map((c) => [c.field, c.limit])).toEqual([
      ['constructor', DEFAULT_TEXT_MAX],
      ['__proto__', DEFAULT_TEXT_MAX],
    ]);
    expect(fieldLimit('Company', 'constructor')).toBe(DEFAULT_TEXT_MAX);
    expect(fieldLimit('Company', 'hasOwnProperty')).toBe(DEFAULT_TEXT_MAX);
  });

  it('passes non-objects through unchanged (the schema reports them)', () => {
    expect(boundRecord('Company', null)).toEqual({ record: null, clipped: [] });
    expect(boundRecord('Company', 'x')).toEqual({ record: 'x', clipped: [] });
  });
});
