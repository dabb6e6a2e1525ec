// Test-only: preloaded into a CLI child process (NODE_OPTIONS=--require <this file>) to stop it at a
// chosen SQL statement so the test can SIGKILL it at exactly that point. No product code knows about it.
// BILLING_KILL_AT is JSON { sql: "<statement prefix>", nth: <1-based occurrence>, when: "before" | "after" }:
// the process prints "KILL-POINT <label>" to stderr, then blocks until it is killed (60 s at most, then it
// exits 99 so a missed kill cannot look like a crash). BILLING_SQL_TRACE=1 prints every statement run.
'use strict';
const fs = require('node:fs');
const Database = require('better-sqlite3');

const spec = process.env.BILLING_KILL_AT ? JSON.parse(process.env.BILLING_KILL_AT) : null;
const trace = process.env.BILLING_SQL_TRACE === '1';
const normal = (sql) => sql.replace(/\s+/g, ' ').trim();
let seen = 0;

// stderr can be a non-blocking pipe: a full pipe (thousands of trace lines the parent has not read yet)
// makes writeSync throw EAGAIN, which would fail the close for a reason no user meets. Wait and retry
// (1 ms at a time, 10 s at most), writing whatever part of the line is left.
function writeErr(text) {
  let buf = Buffer.from(text);
  const deadline = Date.now() + 10_000;
  while (buf.length > 0) {
    try {
      buf = buf.subarray(fs.writeSync(2, buf));
    } catch (error) {
      if (error.code !== 'EAGAIN' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

function block(label) {
  writeErr(`KILL-POINT ${label}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  process.exit(99);
}

const probe = new Database(':memory:');
const proto = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
const run = proto.run;
proto.run = function patchedRun(...args) {
  const sql = normal(this.source);
  if (trace) writeErr(`SQL ${sql.slice(0, 60)}\n`);
  const hit = spec && sql.startsWith(spec.sql) && ++seen === spec.nth;
  if (hit && spec.when !== 'after') block(`before ${spec.sql} #${spec.nth}`);
  const result = run.apply(this, args);
  if (hit && spec.when === 'after') block(`after ${spec.sql} #${spec.nth}`);
  return result;
};
