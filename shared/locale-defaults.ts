// Defaults that follow the bookkeeper's OS locale (docs/product-rules.md#accounting-exports): the currency of amounts and the date format of
// exported files. Both are only defaults; the bookkeeper can set either in Configuration → Billing.

/** The OS locale as the JavaScript runtime reports it (Node and Chromium both follow the OS). */
export function osLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale || 'en-US';
  } catch {
    return 'en-US';
  }
}

// Region → ISO 4217 for the regions our users are in; anything else falls back to USD.
const EURO = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'];
const CURRENCY_BY_REGION: Record<string, string> = {
  ...Object.fromEntries(EURO.map((r) => [r, 'EUR'])),
  AU: 'AUD',
  NZ: 'NZD',
  GB: 'GBP',
  US: 'USD',
  CA: 'CAD',
  ZA: 'ZAR',
  SG: 'SGD',
  HK: 'HKD',
  IN: 'INR',
  JP: 'JPY',
  CH: 'CHF',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  PL: 'PLN',
  CZ: 'CZK',
  MX: 'MXN',
  BR: 'BRL',
  AE: 'AED',
  IL: 'ILS',
};

function regionOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

export function currencyForLocale(locale: string): string {
  return CURRENCY_BY_REGION[regionOf(locale) ?? ''] ?? 'USD';
}

export const EXPORT_DATE_FORMATS = ['DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD'] as const;
export type ExportDateFormat = (typeof EXPORT_DATE_FORMATS)[number];

/** The locale's own order of day, month and year, as one of the three export formats. */
export function dateFormatForLocale(locale: string): ExportDateFormat {
  try {
    const order = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(Date.UTC(2026, 10, 30, 12)))
      .map((p) => p.type)
      .filter((t) => t === 'day' || t === 'month' || t === 'year')
      .join(',');
    if (order === 'month,day,year') return 'MM/DD/YYYY';
    if (order === 'year,month,day') return 'YYYY-MM-DD';
    return 'DD/MM/YYYY';
  } catch {
    return 'YYYY-MM-DD';
  }
}

/** 'YYYY-MM-DD' → the export format's text ("30/11/2026"). */
export function formatExportDate(date: string, format: ExportDateFormat): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  if (format === 'DD/MM/YYYY') return `${d}/${m}/${y}`;
  if (format === 'MM/DD/YYYY') return `${m}/${d}/${y}`;
  return `${y}-${m}-${d}`;
}
