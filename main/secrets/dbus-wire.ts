// The few pieces of the D-Bus wire format (spec "Message Protocol") needed to ask the session bus
// whether a Secret Service is there and unlocked: method calls with string arguments, and replies whose
// body is a boolean, a string, an array of strings or a variant holding one of those. Pure, no I/O.

export type DBusValue = string | boolean | number | string[] | DBusValue[];

export interface MethodCall {
  serial: number;
  destination: string;
  path: string;
  interface: string;
  member: string;
  /** String arguments only (signature 's…'). */
  args?: string[];
}

export interface DBusMessage {
  type: 'method_call' | 'method_return' | 'error' | 'signal';
  serial: number;
  replySerial: number | null;
  errorName: string | null;
  signature: string;
  body: DBusValue[];
}

const TYPES = { 1: 'method_call', 2: 'method_return', 3: 'error', 4: 'signal' } as const;

class Writer {
  private chunks: number[] = [];
  get length() {
    return this.chunks.length;
  }
  align(n: number) {
    while (this.chunks.length % n !== 0) this.chunks.push(0);
  }
  byte(v: number) {
    this.chunks.push(v & 0xff);
  }
  uint32(v: number) {
    this.align(4);
    this.chunks.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  setUint32(at: number, v: number) {
    this.chunks[at] = v & 0xff;
    this.chunks[at + 1] = (v >>> 8) & 0xff;
    this.chunks[at + 2] = (v >>> 16) & 0xff;
    this.chunks[at + 3] = (v >>> 24) & 0xff;
  }
  string(s: string) {
    const bytes = Buffer.from(s, 'utf8');
    this.uint32(bytes.length);
    for (const b of bytes) this.chunks.push(b);
    this.chunks.push(0);
  }
  signature(s: string) {
    const bytes = Buffer.from(s, 'ascii');
    this.byte(bytes.length);
    for (const b of bytes) this.chunks.push(b);
    this.chunks.push(0);
  }
  toBuffer() {
    return Buffer.from(this.chunks);
  }
}

/** Marshals a method call (little-endian). */
export function encodeMethodCall(call: MethodCall): Buffer {
  const args = call.args ?? [];
  const body = new Writer();
  for (const a of args) body.string(a);
  const bodyBuf = body.toBuffer();

  const w = new Writer();
  w.byte(0x6c); // 'l'
  w.byte(1); // METHOD_CALL
  w.byte(0); // flags: a reply is expected, auto-start allowed
  w.byte(1); // protocol version
  w.uint32(bodyBuf.length);
  w.uint32(call.serial);
  const lengthAt = w.length;
  w.uint32(0); // header fields array length, patched below
  w.align(8);
  const start = w.length;
  const field = (code: number, sig: string, write: () => void) => {
    w.align(8);
    w.byte(code);
    w.signature(sig);
    write();
  };
  field(1, 'o', () => w.string(call.path));
  field(2, 's', () => w.string(call.interface));
  field(3, 's', () => w.string(call.member));
  field(6, 's', () => w.string(call.destination));
  if (args.length > 0) field(8, 'g', () => w.signature('s'.repeat(args.length)));
  w.setUint32(lengthAt, w.length - start);
  w.align(8);
  return Buffer.concat([w.toBuffer(), bodyBuf]);
}

class Reader {
  constructor(
    private buf: Buffer,
    private pos: number,
    private little: boolean,
    private base: number,
  ) {}
  get offset() {
    return this.pos;
  }
  align(n: number) {
    const rel = this.pos - this.base;
    this.pos += (n - (rel % n)) % n;
  }
  byte() {
    return this.buf[this.pos++]!;
  }
  uint32() {
    this.align(4);
    const v = this.little ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  string() {
    const len = this.uint32();
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len + 1;
    return s;
  }
  signature() {
    const len = this.byte();
    const s = this.buf.toString('ascii', this.pos, this.pos + len);
    this.pos += len + 1;
    return s;
  }
}

/** Splits a signature into complete types ('sas' → ['s', 'as']); containers beyond arrays unsupported. */
function completeTypes(sig: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < sig.length) {
    let j = i;
    while (sig[j] === 'a') j++;
    out.push(sig.slice(i, j + 1));
    i = j + 1;
  }
  return out;
}

function readValue(r: Reader, type: string): DBusValue {
  switch (type) {
    case 's':
    case 'o':
      return r.string();
    case 'g':
      return r.signature();
    case 'b':
      return r.uint32() !== 0;
    case 'u':
      return r.uint32();
    case 'y':
      return r.byte();
    case 'v': {
      const inner = r.signature();
      return readValue(r, inner);
    }
    default:
      if (type.startsWith('a')) {
        const elem = type.slice(1);
        const len = r.uint32();
        r.align(elem === 'y' ? 1 : elem === 's' || elem === 'o' || elem === 'u' || elem === 'b' || elem.startsWith('a') ? 4 : 8);
        const end = r.offset + len;
        const items: DBusValue[] = [];
        while (r.offset < end) items.push(readValue(r, elem));
        return items as DBusValue;
      }
      throw new Error(`Unsupported D-Bus type ${type}`);
  }
}

/** Length of the first complete message in `buf`, or null when more bytes are needed. */
export function messageLength(buf: Buffer): number | null {
  if (buf.length < 16) return null;
  const little = buf[0] === 0x6c;
  const bodyLen = little ? buf.readUInt32LE(4) : buf.readUInt32BE(4);
  const fieldsLen = little ? buf.readUInt32LE(12) : buf.readUInt32BE(12);
  const headerEnd = 16 + fieldsLen;
  const total = headerEnd + ((8 - (headerEnd % 8)) % 8) + bodyLen;
  return buf.length >= total ? total : null;
}

export function decodeMessage(buf: Buffer): DBusMessage {
  const little = buf[0] === 0x6c;
  if (!little && buf[0] !== 0x42) throw new Error('Not a D-Bus message');
  const typeCode = buf[1] as 1 | 2 | 3 | 4;
  const r = new Reader(buf, 4, little, 0);
  r.uint32(); // body length
  const serial = r.uint32();
  const fieldsLen = r.uint32();
  const end = r.offset + fieldsLen;
  let replySerial: number | null = null;
  let errorName: string | null = null;
  let signature = '';
  while (r.offset < end) {
    r.align(8);
    const code = r.byte();
    const sig = r.signature();
    const value = readValue(r, sig);
    if (code === 4) errorName = value as string;
    if (code === 5) replySerial = value as number;
    if (code === 8) signature = value as string;
  }
  r.align(8);
  const body = new Reader(buf, r.offset, little, r.offset);
  let values: DBusValue[] = [];
  try {
    values = completeTypes(signature).map((t) => readValue(body, t));
  } catch {
    values = []; // a body we do not understand: the caller only needs the reply's type
  }
  return { type: TYPES[typeCode] ?? 'signal', serial, replySerial, errorName, signature, body: values };
}

/** Session bus addresses from DBUS_SESSION_BUS_ADDRESS ('unix:path=…;unix:abstract=…'), connectable ones only. */
export function parseBusAddress(address: string): { path: string }[] {
  const out: { path: string }[] = [];
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':');
    if (colon < 0 || entry.slice(0, colon) !== 'unix') continue;
    const kv = Object.fromEntries(
      entry
        .slice(colon + 1)
        .split(',')
        .map((p) => {
          const eq = p.indexOf('=');
          return [p.slice(0, eq), decodeURIComponent(p.slice(eq + 1))];
        }),
    );
    if (kv.path) out.push({ path: kv.path });
    else if (kv.abstract) out.push({ path: `\0${kv.abstract}` });
  }
  return out;
}
