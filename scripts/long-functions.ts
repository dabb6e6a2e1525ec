// Lists functions in main/ and renderer/ (or the paths given) longer than a limit of lines, longest first:
// `npx tsx scripts/long-functions.ts [limit=60] [paths…]` (issue #13: a function fits on a screen). Report only, not part of lint.
import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const limit = Number(process.argv[2] ?? 60);
const roots = process.argv.slice(3).length ? process.argv.slice(3) : ['main', 'renderer'];
function walk(d: string, out: string[]) {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e) && !e.endsWith('.d.ts')) out.push(p);
  }
}
const files: string[] = [];
for (const r of roots) statSync(r).isDirectory() ? walk(r, files) : files.push(r);
const rows: [number, string][] = [];
for (const f of files) {
  const src = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n: ts.Node) => {
    if (
      ts.isFunctionDeclaration(n) ||
      ts.isFunctionExpression(n) ||
      ts.isArrowFunction(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isConstructorDeclaration(n) ||
      ts.isGetAccessor(n) ||
      ts.isSetAccessor(n)
    ) {
      const s = src.getLineAndCharacterOfPosition(n.getStart()).line;
      const e = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      const len = e - s + 1;
      if (len > limit) {
        let name = 'name' in n && n.name ? (n.name as ts.Node).getText() : '';
        if (!name && ts.isVariableDeclaration(n.parent)) name = n.parent.name.getText();
        if (!name && ts.isPropertyAssignment(n.parent)) name = n.parent.name.getText();
        if (!name && ts.isCallExpression(n.parent)) name = `<arg of ${n.parent.expression.getText().slice(0, 30)}>`;
        rows.push([len, `${f}:${s + 1} ${name || '<anon>'}`]);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
}
rows.sort((a, b) => b[0] - a[0]);
for (const [l, w] of rows) console.log(String(l).padStart(4), w);
console.log(rows.length, 'functions over', limit);
