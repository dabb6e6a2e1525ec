// Formula-safe CSV cells (docs/product-rules.md#accounting-exports, issue #17), shared by every CSV meant for a spreadsheet: the sync log
// export and the billing `csv` working file. Import files (xero, qbo, iif) must NOT use `neutraliseCell`:
// their importers match names character for character.
//
// - A text cell that begins with = + - @, a tab, a carriage return or a NUL (or the full-width forms
//   ＝ ＋ － ＠, which Excel also reads as formula signs) gets a leading single quote, which spreadsheets
//   show as text. Numbers are never changed and stay numbers.
// - Any cell holding a comma, a double quote, CR, LF or NUL is quoted (RFC 4180, quotes doubled): a bare
//   CR would otherwise end the row in LibreOffice and start a new, unquoted cell — a live formula.
// - Lines end in LF, as before (Excel and LibreOffice read it); every file starts with a UTF-8
//   byte-order mark so Excel shows "Café Müller & Söhne" correctly.

export const UTF8_BOM = '\uFEFF';

/** Characters that make a spreadsheet read a text cell as a formula (or hide that it is one). */
const FORMULA_START = /^[=+\-@\t\r\u0000\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n\u0000]/;

export type CellValue = string | number | bigint | boolean | null | undefined;

/** The text of one cell as the spreadsheet should see it: formula signs neutralised, numbers untouched. */
export function neutraliseCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting for any cell holding a comma, a quote, CR, LF or NUL. */
export function quoteCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One formula-safe CSV cell. */
export function csvCell(value: CellValue): string {
  return quoteCsvField(neutraliseCell(value));
}

/** One formula-safe CSV line, LF-terminated. */
export function csvLine(cells: readonly CellValue[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
