import { useEffect, useMemo, useState } from 'react';
import { EXPORT_DATE_FORMATS, formatExportDate, type ExportDateFormat } from '../../../../shared/locale-defaults';
import { validateSettingsPatch, type FieldErrors, type Settings } from '../../../../shared/settings';
import { ApiCallError, call } from '../../api';
import { TextField } from '../../components/TextField';
import { errorMessage } from '../../lib/format';

export const BILLING_SETTINGS = [
  'invoicePrefix',
  'paymentTermsDays',
  'currency',
  'exportDateFormat',
  'incomeAccount',
  'taxType',
  'arAccount',
  'timeItem',
  'recurringItem',
] as const;
export type BillingSetting = (typeof BILLING_SETTINGS)[number];
type Draft = Record<BillingSetting, string>;

function draftFrom(s: Settings): Draft {
  return {
    invoicePrefix: s.invoicePrefix,
    paymentTermsDays: String(s.paymentTermsDays),
    currency: s.currency,
    exportDateFormat: s.exportDateFormat,
    incomeAccount: s.incomeAccount,
    taxType: s.taxType,
    arAccount: s.arAccount,
    timeItem: s.timeItem,
    recurringItem: s.recurringItem,
  };
}

function validate(patch: Partial<Draft>): FieldErrors {
  const r = validateSettingsPatch(patch);
  return r.ok ? {} : r.fieldErrors;
}

/** The last day of the previous month, the invoice date of the month a bookkeeper bills (a sample). */
function sampleDate(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth(), 0);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Configuration → Billing: how invoices are numbered and dated, the currency, and the names the accounting
 * package must match (docs/product-rules.md#accounting-exports). Validated by the same rules as `config set`.
 */
export function BillingSettingsForm({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const initial = useMemo(() => draftFrom(settings), [settings]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(initial), [initial]);

  const changed = BILLING_SETTINGS.filter((k) => draft[k] !== initial[k]);
  const set = (key: BillingSetting) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setMessage(null);
    if (errors[key] && !validate({ [key]: value })[key]) setErrors(({ [key]: _drop, ...rest }) => rest);
  };
  const check = (key: BillingSetting) => () => {
    const found = validate({ [key]: draft[key] })[key];
    setErrors(({ [key]: _drop, ...rest }) => (found ? { ...rest, [key]: found } : rest));
  };

  const save = async () => {
    if (busy) return;
    const patch = Object.fromEntries(changed.map((k) => [k, draft[k]]));
    const found = validate(patch);
    setErrors(found);
    if (Object.keys(found).length > 0) return setMessage(null);
    if (changed.length === 0) return setMessage('Nothing to save: no billing setting was changed.');
    setBusy(true);
    try {
      const next = await call('settings:update', patch);
      setMessage('Billing settings saved.');
      onSaved(next);
    } catch (e) {
      if (e instanceof ApiCallError && e.fieldErrors) setErrors(e.fieldErrors);
      else setErrors({ _: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: BillingSetting, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={`setting-${key}`}
      label={label}
      value={draft[key]}
      onChange={set(key)}
      onBlur={check(key)}
      error={errors[key]}
      autoComplete="off"
      spellCheck={false}
      readOnly={busy}
      {...extra}
    />
  );
  const sample = sampleDate();

  return (
    <form
      className="panel form-panel"
      aria-labelledby="billing-settings-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="billing-settings-title" className="panel-title">
        Billing
      </h2>
      <p className="panel-text">How invoices are numbered and dated, and the names your accounting package must match exactly.</p>
      <div className="form-grid">
        {field('invoicePrefix', 'Invoice number prefix', {
          hint: `Invoices are numbered ${draft.invoicePrefix || ''}0001, ${draft.invoicePrefix || ''}0002, …`,
          className: 'field-narrow',
        })}
        {field('paymentTermsDays', 'Payment terms', {
          inputMode: 'numeric',
          suffix: 'days',
          hint: 'Due date = invoice date (the month’s last day) + this',
          className: 'field-narrow',
        })}
        {field('currency', 'Currency', { hint: 'ISO 4217 code, e.g. AUD, USD, EUR; names the money on screen and in files', className: 'field-narrow', maxLength: 3 })}
        <div className={`field field-narrow${errors.exportDateFormat ? ' has-error' : ''}`}>
          <label htmlFor="setting-exportDateFormat">Date format in files</label>
          <div className="input-wrap">
            <select
              id="setting-exportDateFormat"
              value={draft.exportDateFormat}
              onChange={(e) => set('exportDateFormat')(e.target.value)}
              aria-describedby="setting-exportDateFormat-hint"
            >
              {EXPORT_DATE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f} — {formatExportDate(sample, f)}
                </option>
              ))}
            </select>
          </div>
          <div className="field-hint" id="setting-exportDateFormat-hint" data-testid="date-format-sample">
            e.g. {formatExportDate(sample, draft.exportDateFormat as ExportDateFormat)} in CSV, Xero and QuickBooks Online files (IIF always uses MM/DD/YYYY)
          </div>
          <div className="field-error">{errors.exportDateFormat ?? ''}</div>
        </div>
        {field('incomeAccount', 'Income account', { hint: 'Account code or name for sales, e.g. 200 (needed by Xero and IIF)' })}
        {field('taxType', 'Tax type', { hint: 'As your package names it, e.g. GST on Income (needed by Xero)' })}
        {field('arAccount', 'Accounts receivable account', { hint: 'IIF only; default Accounts Receivable' })}
        {field('timeItem', 'Item name for time lines', { hint: 'Product/service name of labour lines, e.g. Labour' })}
        {field('recurringItem', 'Item name for recurring lines', { hint: 'Product/service name of monthly fees' })}
      </div>
      {errors._ && (
        <p className="feedback feedback-error" role="alert">
          {errors._}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="btn btn-primary" aria-disabled={busy || undefined}>
          Save billing settings
        </button>
        <button
          type="button"
          className="btn"
          aria-disabled={changed.length === 0 || undefined}
          onClick={() => changed.length > 0 && (setDraft(initial), setErrors({}), setMessage(null))}
        >
          Undo changes
        </button>
        <span className="live-inline" role="status">
          {message ?? (changed.length > 0 ? `${changed.length} unsaved change${changed.length === 1 ? '' : 's'}` : '')}
        </span>
      </div>
    </form>
  );
}
