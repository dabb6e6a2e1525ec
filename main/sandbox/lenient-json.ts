/**
 * The real server's JSON reader (Newtonsoft) accepts single-quoted strings, e.g. a GET
 * `search={'filter':[{'op':'exist','field':'IsActive'}]}`. This reads strict JSON first and falls back
 * to rewriting single-quoted strings. Throws SyntaxError when neither works.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(singleToDoubleQuotes(text));
  }
}

function singleToDoubleQuotes(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      // Copy a double-quoted string verbatim, honouring escapes.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== "'") {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1] === "'" ? "'" : JSON.parse(`"\\${text[j + 1]}"`);
          j += 2;
        } else {
          value += text[j];
          j++;
        }
      }
      if (j >= text.length) throw new SyntaxError('Unterminated single-quoted string');
      out += JSON.stringify(value);
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
