// Which settings each export format needs before it may write a file (docs/product-rules.md#accounting-exports), named as the `config set`
// keys so the pre-flight and the CLI's refusal can say exactly what to fill in. An empty list means ready.
// - xero: every row's starred *AccountCode and *TaxType → incomeAccount, taxType.
// - iif: the SPL income account → incomeAccount; it also books to arAccount and the two item names.
// - qbo: item names only (defaults 'Labour' / 'Recurring services'); csv: nothing.
// The defaulted keys (arAccount, timeItem, recurringItem, currency) are listed only if someone emptied them.
import type { BillingExportFormat } from '../../../shared/settings';
import type { ExportSettings, RequiredSettings } from '../model';

type Key = keyof ExportSettings;

const NEEDS: Record<BillingExportFormat, readonly Key[]> = {
  csv: ['currency'],
  xero: ['incomeAccount', 'taxType', 'currency'],
  qbo: ['timeItem', 'recurringItem'],
  iif: ['incomeAccount', 'arAccount', 'timeItem', 'recurringItem'],
};

export const requiredSettings: RequiredSettings = (format, settings) =>
  (NEEDS[format] ?? []).filter((key) => {
    const v = settings[key];
    return typeof v !== 'string' || v.trim() === '';
  });
