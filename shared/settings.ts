import { z } from 'zod';
import { currencyForLocale, dateFormatForLocale, EXPORT_DATE_FORMATS, osLocale } from './locale-defaults';

// Every setting the bookkeeper (or `config set`) can change, with its validation. The same schema checks
// input in the renderer (messages next to fields), in the handler table and in the CLI, so all three
// refuse the same values with the same words.

const decimalMoney = z
  .string()
  .trim()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, 'Enter an amount like 150 or 150.00 (at most two decimal places)')
  .refine((v) => Number(v) > 0, 'The hourly rate must be more than 0')
  .transform((v) => {
    const [whole = '0', frac = ''] = v.split('.');
    return `${String(Number(whole))}.${frac.padEnd(2, '0')}`;
  });

/**
 * Numbers arrive as numbers (IPC) or as decimal text (form fields, `config set`). Anything else — blank
 * text, null, booleans, arrays, hex, exponents — is refused rather than coerced: `Number('')`, `Number(null)`
 * and `Number([])` are all 0, which silently turned an emptied field into "reserve 0 requests".
 */
const DECIMAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;
const numberInput = (message: string) => z.preprocess((v) => (typeof v === 'string' && DECIMAL_TEXT.test(v) ? Number(v) : v), z.number({ error: message }));

const intIn = (min: number, max: number, what: string) =>
  numberInput(`${what} must be a whole number`)
    .refine((n) => Number.isInteger(n), `${what} must be a whole number`)
    .refine((n) => n >= min && n <= max, `${what} must be between ${min} and ${max}`);

const bool = z.preprocess(
  (v) => {
    if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
    if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
    return v;
  },
  z.boolean({ error: 'Use true or false' }),
);

// Names that reach an accounting package's importer: IIF is tab-separated and every format is line-based,
// so control characters (tab, CR, LF, NUL…) would split or corrupt a row. Everything else is kept exactly.
const CONTROL = /[\u0000-\u001f\u007f]/;
const importName = (what: string, max: number, required: boolean) =>
  z
    .string()
    .trim()
    .max(max, `${what} can be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), `${what} cannot contain tabs, line breaks or other control characters`)
    .refine((v) => !required || v.length > 0, `Enter ${what.toLowerCase()}`);

export const BILLING_EXPORT_FORMATS = ['csv', 'xero', 'qbo', 'iif'] as const;
export type BillingExportFormat = (typeof BILLING_EXPORT_FORMATS)[number];
/** Characters an HTTP header cannot carry (the username and integration code travel as headers). */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export const settingsShape = {
  skuPrefix: z.string().trim().min(1, 'Enter the SKU prefix that matching contract names start with, e.g. PRACBILL').max(50, 'The SKU prefix can be at most 50 characters'),
  hourlyRate: decimalMoney,
  timeWindowDays: intIn(1, 366, 'The time window'),
  scheduleTime: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a 24-hour time like 02:00'),
  departmentId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'Use 1–32 letters, digits, - or _ (it becomes part of export file names)'),
  username: z
    .string()
    .trim()
    .max(254, 'The API username can be at most 254 characters')
    .refine((v) => !CONTROL_CHARS.test(v), 'The API username cannot contain line breaks or other control characters'),
  integrationCode: z
    .string()
    .trim()
    .max(100, 'The integration code can be at most 100 characters')
    .refine((v) => !CONTROL_CHARS.test(v), 'The integration code cannot contain line breaks or other control characters'),
  zoneLookupUrl: z
    .string()
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
      } catch {
        return false;
      }
    }, 'Enter a full http(s) address, e.g. https://webservices.autotask.net/ATServicesRest/')
    // Its answer decides where the API secret goes: plain http only to this computer (the sandbox).
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(u.hostname);
      } catch {
        return true; // reported by the check above
      }
    }, 'Use an https address (plain http only for this computer, 127.0.0.1), e.g. https://webservices.autotask.net/ATServicesRest/')
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  logRetentionDays: intIn(1, 3650, 'Log retention'),
  keepBackups: intIn(1, 100, 'The number of backups to keep'),
  massChangeMinCount: intIn(1, 100000, 'The mass-change minimum'),
  massChangeRatio: numberInput('The mass-change ratio must be a number').refine((n) => n > 0 && n <= 1, 'The mass-change ratio must be above 0 and at most 1'),
  apiConcurrency: intIn(1, 3, 'Requests in flight per endpoint'),
  apiReserve: intIn(0, 9000, 'The API request reserve'),
  closeToTray: bool,
  closeToTrayAnnounced: bool,
  launchAtLogin: bool,
  schedulePaused: bool,
  // Billing and accounting exports (docs/product-rules.md#billing).
  invoicePrefix: z
    .string()
    .trim()
    .max(20, 'The invoice prefix can be at most 20 characters')
    .regex(/^[A-Za-z0-9._/#-]*$/, 'Use letters, digits and . _ / # - in the invoice prefix'),
  paymentTermsDays: intIn(0, 365, 'Payment terms'),
  currency: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => /^[A-Z]{3}$/.test(v) && isKnownCurrency(v), 'Enter a three-letter ISO 4217 currency code, e.g. AUD, USD or EUR'),
  exportDateFormat: z.enum(EXPORT_DATE_FORMATS, { error: `Use one of ${EXPORT_DATE_FORMATS.join(', ')}` }),
  incomeAccount: importName('The income account', 100, false),
  taxType: importName('The tax type', 100, false),
  arAccount: importName('The accounts receivable account', 100, true),
  timeItem: importName('The item name for time lines', 100, true),
  recurringItem: importName('The item name for recurring lines', 100, true),
  /** The export format last chosen on the Billing page. */
  billingExportFormat: z.enum(BILLING_EXPORT_FORMATS, { error: `Use one of ${BILLING_EXPORT_FORMATS.join(', ')}` }),
  /** OpenSSL legacy renegotiation, for Autotask zones that still need it (Advanced; issue #17). */
  legacyTls: bool,
} as const;

function isKnownCurrency(code: string): boolean {
  try {
    const values = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('currency');
    return values ? values.includes(code) : true;
  } catch {
    return true;
  }
}

export type SettingKey = keyof typeof settingsShape;
export const SETTING_KEYS = Object.keys(settingsShape) as SettingKey[];
export const settingsSchema = z.object(settingsShape);
export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_ZONE_LOOKUP_URL = 'https://webservices.autotask.net/ATServicesRest/';

export const DEFAULT_SETTINGS: Settings = {
  skuPrefix: 'PRACBILL',
  hourlyRate: '150.00',
  timeWindowDays: 90,
  scheduleTime: '02:00',
  departmentId: '1',
  username: '',
  integrationCode: '',
  zoneLookupUrl: DEFAULT_ZONE_LOOKUP_URL,
  logRetentionDays: 180,
  keepBackups: 10,
  massChangeMinCount: 10,
  massChangeRatio: 0.5,
  apiConcurrency: 2,
  apiReserve: 1000,
  closeToTray: true,
  closeToTrayAnnounced: false,
  launchAtLogin: false,
  schedulePaused: false,
  invoicePrefix: 'ATS-',
  paymentTermsDays: 14,
  currency: currencyForLocale(osLocale()),
  exportDateFormat: dateFormatForLocale(osLocale()),
  incomeAccount: '',
  taxType: '',
  arAccount: 'Accounts Receivable',
  timeItem: 'Labour',
  recurringItem: 'Recurring services',
  billingExportFormat: 'csv',
  legacyTls: false,
};

export type SettingsPatch = Partial<Record<SettingKey, unknown>>;

/** A known setting name (own keys only — never `constructor`, `toString` or `__proto__`). */
export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(settingsShape, key);
}

/** Plain assignment of `__proto__` would set the prototype instead of recording the field. */
function setOwn(target: Record<string, string>, key: string, message: string): void {
  Object.defineProperty(target, key, { value: message, enumerable: true, writable: true, configurable: true });
}

export interface FieldErrors {
  [field: string]: string;
}

/** Validates a partial update; returns the parsed values or a message per offending field. */
export function validateSettingsPatch(patch: unknown): { ok: true; value: Partial<Settings> } | { ok: false; fieldErrors: FieldErrors } {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return { ok: false, fieldErrors: { _: 'Settings must be an object of field names and values' } };
  }
  const fieldErrors: FieldErrors = {};
  const value: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(patch)) {
    // Own keys only: `"constructor" in settingsShape` is true, and a patch from the renderer may carry
    // `__proto__`/`constructor` as own keys. Both must be refused as unknown settings, not crash or slip by.
    if (!isSettingKey(key)) {
      setOwn(fieldErrors, key, `Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}`);
      continue;
    }
    const parsed = settingsShape[key].safeParse(raw);
    if (parsed.success) value[key] = parsed.data;
    else fieldErrors[key] = parsed.error.issues[0]?.message ?? 'Invalid value';
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, value: value as Partial<Settings> };
}

/** Shown (UI and CLI) when saving a new zone lookup URL removed the saved API secret (issue #17). */
export const SECRET_CLEARED_MESSAGE = 'The zone lookup URL changed, so the saved API secret was removed: enter the API secret again for the new address.';
