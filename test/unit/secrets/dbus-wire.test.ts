import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMethodCall, messageLength, parseBusAddress } from '../../../main/secrets/dbus-wire';
import { sessionBusAddress } from '../../../main/secrets/dbus-session-client';

describe('D-Bus wire format', () => {
  it('encodes a method call that decodes back to its header and string arguments', () => {
    const buf = encodeMethodCall({ serial: 7, destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'NameHasOwner', args: ['org.freedesktop.secrets'] });
    expect(messageLength(buf)).toBe(buf.length);
    expect(messageLength(buf.subarray(0, buf.length - 1))).toBeNull();
    const m = decodeMessage(buf);
    expect(m).toMatchObject({ type: 'method_call', serial: 7, signature: 's', body: ['org.freedesktop.secrets'] });
  });

  it('reads session bus addresses, including abstract sockets and escapes', () => {
    expect(parseBusAddress('unix:path=/run/user/1000/bus')).toEqual([{ path: '/run/user/1000/bus' }]);
    expect(parseBusAddress('unix:abstract=/tmp/dbus-AbC,guid=123;tcp:host=x,port=1')).toEqual([{ path: '\0/tmp/dbus-AbC' }]);
    expect(parseBusAddress('unix:path=/tmp/a%2cb')).toEqual([{ path: '/tmp/a,b' }]);
    expect(parseBusAddress('tcp:host=localhost,port=5555')).toEqual([]);
    expect(sessionBusAddress({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' })).toBe('unix:path=/x');
    expect(sessionBusAddress({ XDG_RUNTIME_DIR: '/nonexistent-runtime-dir' })).toBeNull();
    expect(sessionBusAddress({})).toBeNull();
  });
});
