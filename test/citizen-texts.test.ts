// Every user-visible text of the citizen pages comes from the message catalogues (fi/sv/en):
// no JSX text, string child or visible attribute (aria-label, title, placeholder, alt) with a
// letter in it may be written into app/[locale]/citizen/** itself. The catalogues having the same
// keys in all three languages is checked in modules/i18n/i18n.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'title',
  'placeholder',
  'alt',
  'aria-description',
]);
const LETTER = /\p{L}/u;

/** `file:line text` for each hard-coded visible text in the TSX source. */
function hardCodedTexts(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.push(`${fileName}:${line} ${text.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) report(node, node.text);
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) &&
      (ts.isStringLiteral(node.expression) ||
        ts.isNoSubstitutionTemplateLiteral(node.expression)) &&
      LETTER.test(node.expression.text)
    )
      report(node, node.expression.text);
    if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText(sf)) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      LETTER.test(node.initializer.text)
    )
      report(node, node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const citizenDir = path.resolve(import.meta.dirname, '..', 'app', '[locale]', 'citizen');

describe('citizen pages', () => {
  it('contain no hard-coded user-visible text', () => {
    const files = readdirSync(citizenDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.tsx'),
    );
    expect(files.length).toBeGreaterThan(1);
    const found = files.flatMap((f) =>
      hardCodedTexts(f, readFileSync(path.join(citizenDir, f), 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it('the scan finds text, string children and visible attributes, and ignores the rest', () => {
    const source = `
      export function X({ t }) {
        return (
          <section aria-labelledby="id" className="stack">
            <h2>Hakemukset</h2>
            <p>{t.ok} · {' – '} {'Lähetä'}</p>
            <input placeholder="Kirjoita" data-testid="plain" />
            <img alt={t.alt} title="Ohje" />
          </section>
        );
      }`;
    expect(hardCodedTexts('x.tsx', source)).toEqual([
      'x.tsx:5 Hakemukset',
      'x.tsx:6 Lähetä',
      'x.tsx:7 Kirjoita',
      'x.tsx:8 Ohje',
    ]);
  });
});
