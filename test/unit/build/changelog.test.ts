import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// CHANGELOG.md follows Keep a Changelog, and package.json's version is one of its released headings.

const root = path.resolve(__dirname, '..', '..', '..');
const text = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

const sections = text
  .split(/^## /m)
  .slice(1)
  .map((chunk) => {
    const [heading = '', ...body] = chunk.split('\n');
    return { heading, kinds: body.filter((l) => l.startsWith('### ')).map((l) => l.slice(4).trim()), body: body.join('\n') };
  });

describe('CHANGELOG.md', () => {
  it('starts with an Unreleased section, then released versions with ISO dates, newest first', () => {
    expect(sections[0]?.heading).toBe('[Unreleased]');
    const released = sections.slice(1).map((s) => /^\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(s.heading));
    expect(released.length).toBeGreaterThan(0);
    expect(released.every(Boolean), sections.map((s) => s.heading).join(' | ')).toBe(true);
    const versions = released.map((m) => m![1]!.split('.').map(Number));
    for (let i = 1; i < versions.length; i++) {
      const [a, b] = [versions[i - 1]!, versions[i]!];
      expect(a[0]! * 1e6 + a[1]! * 1e3 + a[2]! > b[0]! * 1e6 + b[1]! * 1e3 + b[2]!).toBe(true);
    }
  });

  it('has a section for package.json’s version', () => {
    expect(sections.map((s) => s.heading.replace(/ - .*$/, ''))).toContain(`[${pkg.version}]`);
  });

  it('groups changes under Keep a Changelog’s kinds only', () => {
    for (const s of sections) {
      expect(s.kinds.every((k) => KINDS.includes(k)), `${s.heading}: ${s.kinds.join(', ')}`).toBe(true);
      if (s.heading !== '[Unreleased]') expect(s.kinds.length, s.heading).toBeGreaterThan(0);
    }
  });
});
