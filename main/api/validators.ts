import { z } from 'zod';
import type { Api, Channel } from '../../shared/api-contract';
import { LOG_STATUSES, SYNC_TYPES } from '../../shared/domain';
import { BILLING_EXPORT_FORMATS } from '../../shared/settings';
import { ITEM_STATES } from '../../shared/items';

// One schema per channel: the renderer is untrusted, so every argument is checked here before any
// handler sees it. Messages name the field and say what is expected.

/** The dates a sync or a filter may name: wide enough for any real books, far from the year-9999 edge. */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2999-12-31';

export const isoDate = z
  .string({ error: 'must be a date like 2026-11-24' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-24')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'is not a real calendar date')
  // Queries add a margin of a day or two: 9999-12-31 became year +010000 on the wire (issue #17).
  .refine((v) => v >= MIN_DATE && v <= MAX_DATE, `must be between ${MIN_DATE} and ${MAX_DATE}`);

const page = z.coerce.number({ error: 'must be a page number' }).int('must be a whole number').min(1, 'must be 1 or more').max(1_000_000);
const perPage = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(500, 'can be at most 500');

const logFilterFields = {
  type: z.enum(SYNC_TYPES, { error: `must be one of ${SYNC_TYPES.join(', ')}` }).optional(),
  status: z.enum(LOG_STATUSES, { error: `must be one of ${LOG_STATUSES.join(', ')}` }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  runId: z.number().int().positive().optional(),
};
const datesInOrder = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from <= f.to;
const logFilter = z.strictObject(logFilterFields).refine(datesInOrder, { message: 'must not be after the end date', path: ['from'] });

const listQuery = z.object({ search: z.string().max(200, 'can be at most 200 characters').optional(), page, perPage }).strict();

/** A billing period: a calendar month 'YYYY-MM'. */
export const period = z
  .string({ error: 'must be a month like 2026-11' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11')
  .refine((v) => v >= '2000-01' && v <= '2099-12', 'must be a month between 2000-01 and 2099-12');
const id = z.number({ error: 'must be an id' }).int('must be a whole number').positive('must be a positive id');
const note = z.string({ error: 'must be text' }).max(500, 'can be at most 500 characters');

/** The Engineering Items filters (issue #14): search, customer, month and billing state. */
function itemFilterFields() {
  return {
    search: z.string({ error: 'must be text' }).max(200, 'can be at most 200 characters').optional(),
    customerId: id.optional(),
    month: period.optional(),
    state: z.enum(ITEM_STATES, { error: `must be one of ${ITEM_STATES.join(', ')}` }).optional(),
  };
}

const none = z.undefined({ error: 'takes no argument' }).or(z.null().transform(() => undefined));

const syncRequest = z.discriminatedUnion(
  'type',
  [
    z
      .object({ type: z.literal('contract'), endExpired: z.boolean({ error: 'must be true or false' }), dryRun: z.boolean().optional(), allowMassChange: z.boolean().optional() })
      .strict(),
    z
      .object({ type: z.literal('time_entry'), from: isoDate, to: isoDate, dryRun: z.boolean().optional(), allowMassChange: z.boolean().optional() })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'must not be after the end date', path: ['from'] }),
  ],
  { error: 'type must be "contract" or "time_entry"' },
);

/** The argument a channel's handler receives, as shared/api-contract.ts declares it. */
export type ContractArg<C extends Channel> = Parameters<Api[C]>[0];

/**
 * One schema per channel whose parsed value IS the contract's argument: a schema that drifts from
 * shared/api-contract.ts (a renamed or retyped field, a missing channel) no longer compiles.
 * (test/unit/api/validators-contract.typecheck.ts shows it.)
 */
export type ContractValidators = { [C in Channel]: z.ZodType<ContractArg<C>> };

export const validators = {
  'app:info': none,
  'settings:get': none,
  // Field-level validation of settings happens in the settings store, which reports every field.
  'settings:update': z.record(z.string(), z.unknown(), { error: 'must be an object of settings' }),
  'credentials:get': none,
  'credentials:set': z
    .object({
      username: z.string().trim().min(1, 'enter the API username').max(254),
      integrationCode: z.string().trim().min(1, 'enter the integration code').max(100),
      secret: z.string().min(1, 'enter the API secret').max(1024).optional(),
    })
    .strict(),
  'credentials:delete': none,
  'connection:test': none,
  'sync:start': syncRequest,
  'sync:current': none,
  'sync:cancel': none,
  // A preview is always a dry run without the guard lifted: only the panel's own arguments are accepted.
  'sync:preview': syncRequest.refine((r) => r.dryRun === undefined && r.allowMassChange === undefined, {
    message: "a preview takes only the sync's own options (no dryRun or allowMassChange)",
    path: ['_'],
  }),
  'sync:preview-cancel': none,
  'dashboard:get': none,
  'runs:list': z.object({ page, perPage }).strict(),
  'runs:daily': z.strictObject({
    days: z.number({ error: 'must be a number of days' }).int('must be a whole number').min(1, 'must be 1 or more').max(366, 'can be at most 366'),
  }),
  'logs:list': z.strictObject({ ...logFilterFields, page, perPage }).refine(datesInOrder, { message: 'must not be after the end date', path: ['from'] }),
  'logs:get': z.object({ id: z.number({ error: 'must be a log id' }).int().positive() }).strict(),
  'logs:export': logFilter,
  'customers:list': listQuery,
  'services:list': listQuery,
  'items:list': z.strictObject({ ...itemFilterFields(), page, perPage }),
  'items:export': z.strictObject(itemFilterFields()),
  'demo:enable': none,
  'billing:preview': z.strictObject({ period }),
  'billing:hold': z
    .strictObject({
      itemId: id.optional(),
      customerId: id.optional(),
      serviceId: id.optional(),
      note: note.optional(),
      release: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .refine((r) => [r.itemId, r.customerId, r.serviceId].filter((v) => v !== undefined).length === 1, {
      message: 'name exactly one of itemId, customerId or serviceId',
      path: ['_'],
    }),
  'billing:release-posted': z.strictObject({ itemId: id, release: z.boolean({ error: 'must be true or false' }), note: note.optional() }),
  'billing:close': z.strictObject({ period }),
  'billing:reopen': z.strictObject({ period }),
  'billing:export': z.strictObject({
    period,
    format: z.enum(BILLING_EXPORT_FORMATS, { error: `must be one of ${BILLING_EXPORT_FORMATS.join(', ')}` }),
    draft: z.boolean({ error: 'must be true or false' }).optional(),
  }),
  'billing:runs': none,
  'customers:set-accounting-name': z.strictObject({
    customerId: id,
    accountingName: z
      .string({ error: 'must be text or null' })
      .trim()
      .max(100, 'can be at most 100 characters')
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'cannot contain tabs, line breaks or other control characters')
      .nullable(),
  }),
  'rates:list': none,
  'rates:set': z.strictObject({ rate: z.string({ error: 'must be an amount like 150.00' }), from: isoDate }),
  'attention:get': z
    .strictObject({ limit: z.number({ error: 'must be a number of rows' }).int('must be a whole number').min(1, 'must be 1 or more').max(1000, 'can be at most 1000').optional() })
    .or(none.transform(() => ({}))),
  'attention:count': none,
  'attention:acknowledge': z.strictObject({ itemId: id }),
  'excluded:get': none,
  'excluded:refresh': none,
} satisfies ContractValidators;

/** "page: must be 1 or more; from: is not a real calendar date" */
export function describeIssues(error: z.ZodError): { message: string; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fieldErrors[key] ??= issue.message;
  }
  const message = Object.entries(fieldErrors)
    .map(([k, m]) => (k === '_' ? m : `${k} ${m}`))
    .join('; ');
  return { message, fieldErrors };
}
