import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { decodeMessage, encodeMethodCall, messageLength, parseBusAddress, type DBusMessage, type DBusValue } from './dbus-wire';

// A minimal session-bus client (SASL EXTERNAL + method calls) so the app can check for a Secret Service
// without a native D-Bus binding or shelling out to dbus-send/gdbus, which not every desktop has.

export class DBusCallError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = 'DBusCallError';
  }
}

export interface DBusSession {
  call(destination: string, objectPath: string, iface: string, member: string, args?: string[]): Promise<DBusValue[]>;
  close(): void;
}

/**
 * Where the session bus is: $DBUS_SESSION_BUS_ADDRESS, else systemd's per-user socket
 * ($XDG_RUNTIME_DIR/bus), which libdbus also falls back to. Null = no session bus.
 */
export function sessionBusAddress(env: Record<string, string | undefined>): string | null {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  if (env.XDG_RUNTIME_DIR) {
    const socket = path.join(env.XDG_RUNTIME_DIR, 'bus');
    try {
      if (fs.statSync(socket).isSocket()) return `unix:path=${socket}`;
    } catch {
      // not there
    }
  }
  return null;
}

function connectOne(socketPath: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path: socketPath });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('Timed out connecting to the D-Bus session bus'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export async function openSessionBus(address: string, opts: { timeoutMs?: number; uid?: number } = {}): Promise<DBusSession> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const targets = parseBusAddress(address);
  if (targets.length === 0) throw new Error('The D-Bus session bus address has no unix socket this app can use');
  let socket: net.Socket | null = null;
  let lastError: unknown = null;
  for (const t of targets) {
    try {
      socket = await connectOne(t.path, timeoutMs);
      break;
    } catch (e) {
      lastError = e;
    }
  }
  if (!socket) throw lastError instanceof Error ? lastError : new Error('Could not connect to the D-Bus session bus');
  const sock = socket;

  let buffer = Buffer.alloc(0);
  let authenticated = false;
  let authWaiter: { resolve: () => void; reject: (e: Error) => void } | null = null;
  const pending = new Map<number, { resolve: (m: DBusMessage) => void; reject: (e: Error) => void }>();
  let closedError: Error | null = null;

  const failAll = (e: Error) => {
    closedError = e;
    authWaiter?.reject(e);
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };

  sock.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!authenticated) {
      const nl = buffer.indexOf('\r\n');
      if (nl < 0) return;
      const line = buffer.subarray(0, nl).toString('ascii');
      buffer = buffer.subarray(nl + 2);
      if (line.startsWith('OK ')) {
        authenticated = true;
        sock.write('BEGIN\r\n');
        authWaiter?.resolve();
      } else {
        authWaiter?.reject(new Error(`The D-Bus session bus refused this app (${line})`));
      }
      return;
    }
    for (;;) {
      const len = messageLength(buffer);
      if (len === null) break;
      const msg = decodeMessage(buffer.subarray(0, len));
      buffer = buffer.subarray(len);
      if (msg.replySerial !== null) {
        const p = pending.get(msg.replySerial);
        pending.delete(msg.replySerial);
        p?.resolve(msg);
      }
    }
  });
  sock.on('error', (e) => failAll(e));
  sock.on('close', () => failAll(new Error('The D-Bus session bus closed the connection')));

  const uid = opts.uid ?? (typeof process.getuid === 'function' ? process.getuid() : 0);
  await new Promise<void>((resolve, reject) => {
    authWaiter = { resolve, reject };
    const timer = setTimeout(() => reject(new Error('Timed out authenticating to the D-Bus session bus')), timeoutMs);
    const done = () => clearTimeout(timer);
    authWaiter = {
      resolve: () => {
        done();
        resolve();
      },
      reject: (e) => {
        done();
        reject(e);
      },
    };
    sock.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid), 'ascii').toString('hex')}\r\n`);
  }).catch((e: unknown) => {
    sock.destroy();
    throw e;
  });

  let serial = 0;
  const call: DBusSession['call'] = (destination, objectPath, iface, member, args = []) => {
    if (closedError) return Promise.reject(closedError);
    const s = ++serial;
    return new Promise<DBusValue[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(s);
        reject(new Error(`Timed out waiting for ${destination} on the D-Bus session bus`));
      }, timeoutMs);
      pending.set(s, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.type === 'error') reject(new DBusCallError(m.errorName ?? 'unknown', typeof m.body[0] === 'string' ? m.body[0] : (m.errorName ?? 'D-Bus error')));
          else resolve(m.body);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      sock.write(encodeMethodCall({ serial: s, destination, path: objectPath, interface: iface, member, args }));
    });
  };

  try {
    await call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello');
  } catch (e) {
    sock.destroy();
    throw e;
  }
  return {
    call,
    close: () => {
      closedError ??= new Error('closed');
      sock.destroy();
    },
  };
}
