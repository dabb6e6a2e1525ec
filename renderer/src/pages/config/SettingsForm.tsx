import { useEffect, useMemo, useState } from 'react';
import { SECRET_CLEARED_MESSAGE, validateSettingsPatch, type FieldErrors, type Settings } from '../../../../shared/settings';
import { ApiCallError, call } from '../../api';
import type { RateRow } from '../../../../shared/billing';
import { toLocalDate } from '../../../../shared/dates';
import { TextField } from '../../components/TextField';
import { currencySymbol, errorMessage, formatCalendarDate, formatMoney } from '../../lib/format';

export const EDITABLE_SETTINGS = ['skuPrefix', 'hourlyRate', 'timeWindowDays', 'scheduleTime', 'departmentId', 'zoneLookupUrl', 'legacyTls'] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];
export type SettingsDraft = Record<EditableSetting, string>;

export function draftFrom(s: Settings): SettingsDraft {
  return {
    skuPrefix: s.skuPrefix,
    hourlyRate: s.hourlyRate,
    timeWindowDays: String(s.timeWindowDays),
    scheduleTime: s.scheduleTime,
    departmentId: s.departmentId,
    zoneLookupUrl: s.zoneLookupUrl,
    legacyTls: String(s.legacyTls),
  };
}

/** The same rules the core applies (shared/settings.ts), checked here so messages appear as you go. */
export function validateDraft(draft: Partial<SettingsDraft>): FieldErrors {
  const result = validateSettingsPatch(draft);
  return result.ok ? {} : result.fieldErrors;
}

export function SettingsForm({
  settings,
  secretSaved = false,
  rates = null,
  onSaved,
}: {
  settings: Settings;
  secretSaved?: boolean;
  /** The hourly rate history (rates:list), shown under the rate. */
  rates?: RateRow[] | null;
  onSaved: (s: Settings) => void;
}) {
  const initial = useMemo(() => draftFrom(settings), [settings]);
  const [draft, setDraft] = useState<SettingsDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The hourly rate takes effect from a date (docs/product-rules.md#billing-sync); today unless the bookkeeper picks another.
  const today = toLocalDate(new Date());
  const [rateFrom, setRateFrom] = useState(today);
  useEffect(() => setDraft(initial), [initial]);

  const changed = EDITABLE_SETTINGS.filter((k) => draft[k] !== initial[k]);
  const set = (key: EditableSetting) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setMessage(null);
    // Clear a message as soon as the value is fixed; new messages wait for blur or Save.
    if (errors[key] && !validateDraft({ [key]: value })[key]) setErrors(({ [key]: _drop, ...rest }) => rest);
  };
  const check = (key: EditableSetting) => () => {
    const found = validateDraft({ [key]: draft[key] })[key];
    setErrors(({ [key]: _drop, ...rest }) => (found ? { ...rest, [key]: found } : rest));
  };

  const save = async () => {
    const patch = Object.fromEntries(changed.map((k) => [k, draft[k]]));
    const found = validateDraft(patch);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage(null);
      return;
    }
    if (changed.length === 0) {
      setMessage('Nothing to save: no setting was changed.');
      return;
    }
    if ('hourlyRate' in patch && !/^\d{4}-\d{2}-\d{2}$/.test(rateFrom)) {
      setErrors({ rateFrom: 'Choose the date the new rate takes effect' });
      return;
    }
    setBusy(true);
    try {
      // A rate from another day than today goes through the rate history; a change without a date is
      // the rate from today (the core records it so), so it travels with the other settings.
      if ('hourlyRate' in patch && rateFrom !== today) {
        await call('rates:set', { rate: String(patch.hourlyRate), from: rateFrom });
        delete patch.hourlyRate;
      }
      const next = Object.keys(patch).length > 0 ? await call('settings:update', patch) : await call('settings:get');
      // The core removes the saved secret when the lookup URL changes; say so instead of leaving the
      // user to wonder why Test connection is now disabled.
      const cleared = 'zoneLookupUrl' in patch && secretSaved && !(await call('credentials:get')).secretSaved;
      setMessage(cleared ? `Settings saved. ${SECRET_CLEARED_MESSAGE}` : 'Settings saved.');
      onSaved(next);
    } catch (e) {
      if (e instanceof ApiCallError && e.fieldErrors) {
        // rates:set names its fields rate / from.
        const { rate, from, ...rest } = e.fieldErrors;
        setErrors({ ...rest, ...(rate ? { hourlyRate: rate } : {}), ...(from ? { rateFrom: from } : {}) });
      } else setErrors({ _: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: EditableSetting, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={`setting-${key}`}
      label={label}
      value={draft[key]}
      onChange={set(key)}
      onBlur={check(key)}
      error={errors[key]}
      autoComplete="off"
      spellCheck={false}
      disabled={busy}
      {...extra}
    />
  );

  return (
    <form
      className="panel form-panel"
      aria-labelledby="settings-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        void save();
      }}
    >
      <h2 id="settings-title" className="panel-title">
        Sync settings
      </h2>
      <div className="form-grid">
        {field('skuPrefix', 'SKU prefix', { hint: 'Only contracts whose name starts with this are imported, e.g. PRACBILL' })}
        {field('hourlyRate', 'Fixed hourly rate', {
          prefix: currencySymbol(settings.currency),
          inputMode: 'decimal',
          hint: 'Prices time entries worked on or after the date beside it; billed items are never re-priced',
          className: 'field-narrow',
        })}
        <TextField
          id="setting-rateFrom"
          label="Rate takes effect from"
          type="date"
          value={rateFrom}
          onChange={(v) => (setRateFrom(v), setErrors(({ rateFrom: _drop, ...rest }) => rest))}
          error={errors.rateFrom}
          disabled={busy}
          hint="Unbilled items on or after this date get the new rate at the next sync"
          className="field-narrow"
        />
        {field('timeWindowDays', 'Time window', { inputMode: 'numeric', suffix: 'days', hint: 'How far back the daily sync looks for time entries', className: 'field-narrow' })}
        {field('scheduleTime', 'Daily sync time', { type: 'time', hint: 'Local time of the automatic daily sync', className: 'field-narrow' })}
        {field('departmentId', 'Department ID', { hint: 'Part of log export file names', className: 'field-narrow' })}
      </div>
      {rates && rates.length > 0 && (
        <div className="rate-history">
          <table className="data-table compact" data-testid="rate-history">
            <caption className="field-hint caption-left">Hourly rate history</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col" className="num">
                  Rate
                </th>
              </tr>
            </thead>
            <tbody>
              {[...rates].reverse().map((r) => (
                <tr key={r.effectiveFrom}>
                  <td>{r.effectiveFrom <= '1900-01-01' ? 'Since the start' : formatCalendarDate(r.effectiveFrom)}</td>
                  <td className="num">{formatMoney(r.rate, settings.currency)}/h</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="advanced" open={Boolean(errors.zoneLookupUrl) || draft.zoneLookupUrl !== initial.zoneLookupUrl || draft.legacyTls !== initial.legacyTls || undefined}>
        <summary>Advanced</summary>
        {field('zoneLookupUrl', 'Zone lookup URL', {
          type: 'url',
          hint: 'Where the app asks which Autotask zone your account lives in. Change only when told to: a new address removes the saved API secret, which you then enter again.',
          className: 'field-wide',
        })}
        <label className="checkbox-field" htmlFor="setting-legacyTls">
          <input
            id="setting-legacyTls"
            type="checkbox"
            checked={draft.legacyTls === 'true'}
            disabled={busy}
            onChange={(e) => set('legacyTls')(e.target.checked ? 'true' : 'false')}
          />{' '}
          Allow legacy TLS renegotiation with Autotask
        </label>
        <p className="field-hint">Only for an Autotask zone that still needs it (Test connection says so). Applies to Autotask&apos;s servers only.</p>
      </details>
      {errors._ && (
        <p className="feedback feedback-error" role="alert">
          {errors._}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="btn btn-primary" aria-disabled={busy || undefined}>
          Save settings
        </button>
        <button type="button" className="btn" disabled={busy || changed.length === 0} onClick={() => (setDraft(initial), setErrors({}), setMessage(null))}>
          Undo changes
        </button>
        <span className="live-inline" role="status">
          {message ?? (changed.length > 0 ? `${changed.length} unsaved change${changed.length === 1 ? '' : 's'}` : '')}
        </span>
      </div>
    </form>
  );
}
