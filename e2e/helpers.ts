import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import { RUNTIME_FILE } from './ports';
import { messages, type Locale } from '@/modules/i18n';

export const PASSWORD = 'Demo-salasana-2026';

export function t(locale: Locale) {
  return messages(locale);
}

/**
 * Signs in at the local OpenID Connect provider from the login page (`hetu-<code>` is a person
 * with that code): its development login form, then its consent screen when it shows one.
 */
export async function signInAtIdp(page: Page, locale: Locale, account: string) {
  await page.goto(`/${locale}/login`);
  await page.getByRole('button', { name: 'Test IdP' }).click();
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
}

export async function login(
  page: Page,
  locale: Locale,
  username: string,
  password = PASSWORD,
  callbackUrl?: string,
) {
  await page.goto(
    `/${locale}/login${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ''}`,
  );
  await page.getByLabel(t(locale).login.username).fill(username);
  await page.getByLabel(t(locale).login.password).fill(password);
  await page.getByRole('button', { name: t(locale).login.submit, exact: true }).click();
}

/** Logs in and waits until the app has left the login page. */
export async function loginAs(page: Page, locale: Locale, username: string, callbackUrl?: string) {
  await login(page, locale, username, PASSWORD, callbackUrl);
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

export async function expectLoggedIn(page: Page, locale: Locale) {
  await expect(page.getByRole('button', { name: t(locale).nav.logout })).toBeVisible();
}

/** Direct database access for setting up and checking state the UI does not show. */
interface Runtime {
  databaseUrl: string;
  authSecret: string;
  /** The filesystem object store of the system under test. */
  storageDir: string;
}

function runtime(): Runtime {
  return JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as Runtime;
}

export function runtimeDatabaseUrl(): string {
  return runtime().databaseUrl;
}

export function runtimeStorageDir(): string {
  return runtime().storageDir;
}

export function runtimeAuthSecret(): string {
  return runtime().authSecret;
}

export async function withDb<T>(
  fn: (client: pg.Client) => Promise<T>,
  url = runtimeDatabaseUrl(),
): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Polls until `fn` gives a value (not undefined), every half second for up to `seconds`. */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  seconds = 90,
): Promise<T> {
  for (let i = 0; i < seconds * 2; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out: ${what}`);
}

/**
 * The engine port of the system under test, as the staff's task pages use it: for tests that
 * play the caseworker's and decision maker's part while the citizen's side runs in the browser.
 */
export async function withEngine<T>(
  fn: (engine: import('@/engine').EmbeddedEngine) => Promise<T>,
): Promise<T> {
  const { EmbeddedEngine } = await import('@/engine');
  const url = runtimeDatabaseUrl();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const engine = new EmbeddedEngine({ pool, connectionString: url, migrate: false });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
    await pool.end();
  }
}

/** The first open user task of a case in a process (and element), once the engine has it. */
export function openTaskOf(
  engine: import('@/engine').EmbeddedEngine,
  caseId: string,
  bpmnProcessId: string,
  elementId?: string,
) {
  return poll(`a ${elementId ?? bpmnProcessId} task`, async () =>
    (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' })).find(
      (x) => x.bpmnProcessId === bpmnProcessId && (!elementId || x.elementId === elementId),
    ),
  );
}
