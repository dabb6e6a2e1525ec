// The renderer's one stylesheet parses as a whole: a lost brace (a merge that dropped a `}`) would put
// every later rule inside the block before it, and the browser would quietly ignore them.
import fs from 'node:fs';
import path from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';

const file = path.resolve(import.meta.dirname, '../../../renderer/src/styles.css');

describe('renderer/src/styles.css', () => {
  it('parses with every block closed, and the billing rules sit at the top level', () => {
    const root = postcss.parse(fs.readFileSync(file, 'utf8'), { from: file });
    const topSelectors = root.nodes.filter((n): n is postcss.Rule => n.type === 'rule').map((r) => r.selector);
    expect(topSelectors).toContain('.preflight-grid');
    expect(topSelectors).toContain('.chart-box');
  });

  it('refuses the same stylesheet with one closing brace dropped (the check can fail)', () => {
    const css = fs.readFileSync(file, 'utf8').replace(/}\s*$/, '');
    expect(() => postcss.parse(css, { from: file })).toThrow(/Unclosed block/);
  });
});
