// Untrusted text (Autotask names, Autotask error texts) on its way to a person (issue #17). The data
// itself is never changed — the database and every JSON output keep it byte for byte — only what a
// terminal or a log message shows:
// - `terminalSafe`: removes escape sequences (CSI, OSC, …), C0/C1 control characters and bidi controls,
//   so a company name cannot move the cursor, retitle the window, hide text or reverse the line.
// - `isolate`: wraps text that holds bidi controls in FSI … PDI, so an unclosed right-to-left override
//   inside it ends at the PDI and cannot reverse the app's own words around it.
// - `clipForDisplay`: one bounded line for tables (the full text stays available through --json / details).

/** Bidi embedding, override, isolate and mark characters. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const BIDI_ALL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), and two-character escapes. */
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u009c)?/g;
const CONTROLS_KEEP_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

export const FSI = '\u2068';
export const PDI = '\u2069';

/** Text safe to print on a terminal: no escape sequences, control characters (newlines kept) or bidi controls. */
export function terminalSafe(text: string): string {
  return text
    .replace(ESCAPES, '')
    .replace(CONTROLS_KEEP_NEWLINE, (c) => (c === '\t' ? ' ' : ''))
    .replace(BIDI_ALL, '');
}

/** Untrusted text for a message: isolated (FSI … PDI) when it holds bidi controls, unchanged otherwise. */
export function isolate(text: string): string {
  return BIDI.test(text) ? `${FSI}${text}${PDI}` : text;
}

/** One line of at most `max` characters for a table cell; longer text ends in "…". */
export function clipForDisplay(text: string, max: number): string {
  const flat = terminalSafe(text).replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
