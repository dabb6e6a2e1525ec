import { describe, expect, it } from 'vitest';
import { parseBusAddress } from '../../../main/secrets/dbus-wire';
import { sessionBusAddress } from '../../../main/secrets/dbus-session-client';

// The codec itself is checked against the real dbus-daemon in dbus-real-daemon.test.ts (a round trip
// through our own encoder and decoder could not catch a mistake both share).
describe('D-Bus bus addresses', () => {
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
