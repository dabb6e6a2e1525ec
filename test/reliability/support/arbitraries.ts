// Hostile values shared by the bad-input properties: wrong types, nulls, huge strings, every kind of
// unicode, prototype-pollution keys, odd dates, negative and absurd numbers, ids at 0 and 2^53.
import fc from 'fast-check';

export const NUM_RUNS = 10_000;

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'] as const;

/** A megabyte of text: big enough to hurt a careless regex or a log row, cheap to build once. */
export const HUGE_STRING = 'x'.repeat(1_000_000);
const HUGE_UNICODE = '🧾é\u0000\u202e'.repeat(50_000);

export const unicodeText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }), // lone surrogates included
  fc.constantFrom('', ' ', '\u0000', '\u202e', 'ﬃ', 'İ', '🧾', 'a\u0301', '\r\n', '%', '_', '\\', "'; DROP TABLE customers; --", '${x}', '../../etc/passwd'),
);

export const hugeText = fc.constantFrom(HUGE_STRING, HUGE_UNICODE, 'y'.repeat(1025), 'z'.repeat(255), '9'.repeat(400));

export const oddDate = fc.oneof(
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '0000-01-01',
    '9999-12-31',
    '2026-1-5',
    '26-11-24',
    '2026/11/24',
    '24.11.2026',
    '2026-11-24T00:00:00',
    '2026-11-24T00:00:00Z',
    '2026-11-24T00:00:00.1234567',
    '2026-11-24T25:61:61Z',
    '2026-11-24 02:00',
    '2026-11-24T02:00:00+14:00',
    '2026-11-24T02:00:00-12:00',
    '+275760-09-13',
    '-000001-01-01',
    'Tuesday',
    'now',
    '1732406400',
    '2026-11-24T02:00:00.000Z ',
    ' 2026-11-24',
    '2026-11-24\u0000',
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: -5, max: 20 }), fc.integer({ min: -5, max: 40 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);

export const absurdNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    2 ** 53,
    2 ** 53 - 1,
    2 ** 53 + 2,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e308,
    -1e308,
    NaN,
    Infinity,
    -Infinity,
    0.1,
    1.5,
    999999999.999,
  ),
  fc.integer(),
  fc.double(),
);

/** Any value the renderer (or a hostile page) could send: JSON, structured-clone extras, pollution. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 2,
    arbitrary: fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  },
  { weight: 2, arbitrary: unicodeText },
  { weight: 2, arbitrary: absurdNumber },
  { weight: 1, arbitrary: oddDate },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, [], {}, [null], { length: 1 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...POLLUTION_KEYS).map((k) => JSON.parse(`{"${k}": {"polluted": "yes", "toString": 1}}`) as unknown),
  },
);

/**
 * Starts from a valid argument and breaks it: each field kept, replaced by a hostile value or removed,
 * plus sometimes an extra (possibly prototype-polluting) key. Reaches the handlers, not only the validator.
 */
export function mutated(template: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(template);
  type Choice = { how: 'keep' } | { how: 'replace'; value: unknown } | { how: 'drop' };
  const fieldChoice: fc.Arbitrary<Choice> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Choice>({ how: 'keep' }) },
    { weight: 2, arbitrary: hostileValue.map((value): Choice => ({ how: 'replace', value })) },
    { weight: 1, arbitrary: fc.constant<Choice>({ how: 'drop' }) },
  );
  return fc
    .tuple(
      fc.array(fieldChoice, { minLength: keys.length, maxLength: keys.length }),
      fc.option(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), unicodeText), hostileValue), { freq: 4 }),
    )
    .map(([choices, extra]) => {
      const out: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        const c = choices[i]!;
        if (c.how === 'drop') return;
        out[k] = c.how === 'keep' ? template[k] : c.value;
      });
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return out;
    });
}

/** True when nothing was added to Object.prototype (a prototype-pollution check after each case). */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return Object.keys(Object.prototype).length === 0 && probe.polluted === undefined && typeof probe.toString === 'function';
}

/** A stack trace line in text that a user would see. */
export const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|\bat (?:async )?[\w.<>]+ \((?:file|node):/;
