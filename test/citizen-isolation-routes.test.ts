// The isolation spec (e2e/citizen-isolation.spec.ts) must know every route a citizen can reach:
// this fails when a route file appears under app/[locale]/citizen or app/api that its table does
// not list, or when the table names a file that no longer exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '@/e2e/citizen-isolation-routes';

const app = path.resolve(import.meta.dirname, '..', 'app');

/** Page and route handlers, and files of server actions ('use server'), relative to app/. */
function routeFiles(dir: string): string[] {
  const root = path.join(app, dir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file).split(path.sep).join('/'))
    .filter((file) => {
      const name = path.basename(file);
      if (name === 'page.tsx' || name === 'route.ts') return true;
      if (!/\.tsx?$/.test(name)) return false;
      return /^\s*['"]use server['"]/.test(readFileSync(path.join(app, file), 'utf8'));
    })
    .sort();
}

describe('the citizen isolation route table', () => {
  it('lists every citizen page, server action and API route', () => {
    const listed = new Set(ROUTES.map((r) => r.file));
    const found = [...routeFiles('[locale]/citizen'), ...routeFiles('api')];
    expect(found.length).toBeGreaterThan(5);
    expect(found.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('lists only files that exist, once each, and probes every non-public route', () => {
    for (const row of ROUTES) expect(existsSync(path.join(app, row.file)), row.file).toBe(true);
    expect(new Set(ROUTES.map((r) => r.file)).size).toBe(ROUTES.length);
    for (const row of ROUTES.filter((r) => r.access !== 'public'))
      expect(row.probes.length, row.file).toBeGreaterThan(0);
  });

  it('finds server actions and ignores helpers', () => {
    const files = routeFiles('[locale]/citizen');
    expect(files).toContain('[locale]/citizen/cases/[caseId]/actions.ts');
    expect(routeFiles('api')).not.toContain('api/tasks/[taskKey]/preview.ts');
  });
});
