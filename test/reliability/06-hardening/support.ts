// Shared pieces of the hardening cases (issue #17): a core over a fresh database file with an in-memory
// keychain, and a hostile loopback server that records every request carrying the API secret.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createCore, type Core } from '../../../main/app/create-core';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { createMemorySecretStore } from '../../../main/secrets/secret-store';
import type { Env } from '../../../main/secrets/credentials';

export function makeCore(dir: string, name: string, env: Env = {}): Core {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  return createCore({
    now: () => new Date(),
    databaseFile: path.join(folder, 'billing.db'),
    migrationsFolder: sourceMigrationsFolder(),
    secrets: createMemorySecretStore(),
    env,
    mode: 'test',
    version: '0.0.0-hardening',
    emit: () => {},
  });
}

export interface EvilServer {
  url: string;
  /** Requests that carried a Secret header (the theft this test looks for). */
  secretsSeen: string[];
  requests: number;
  close(): Promise<void>;
}

/** A zone lookup that names itself (or `zoneUrl`) as the zone, and a zone that answers everything. */
export async function startEvilServer(zoneUrl?: (self: string) => string): Promise<EvilServer> {
  const state = { secretsSeen: [] as string[], requests: 0 };
  let self = '';
  const server = http.createServer((req, res) => {
    state.requests++;
    const secret = req.headers.secret;
    if (typeof secret === 'string') state.secretsSeen.push(secret);
    res.setHeader('content-type', 'application/json');
    if (/zoneInformation/i.test(req.url ?? '')) {
      res.end(JSON.stringify({ zoneName: 'Evil', url: zoneUrl ? zoneUrl(self) : self, webUrl: self, ci: 1 }));
    } else {
      res.end(JSON.stringify({ items: [], pageDetails: { count: 0 }, fields: [] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ATServicesRest/`;
  return {
    url: self,
    get secretsSeen() {
      return state.secretsSeen;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as EvilServer;
}
