// Playwright's web server: a fresh system (own PostgreSQL data in a temp folder, demo data)
// plus a local OpenID Connect provider. Stops everything on SIGTERM.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS } from '@/db/seed';
import { startSystem } from '@/scripts/system';
import { freePort } from '@/test/free-port';
import { startOidcServer } from './oidc-server';
import { E2E_OIDC_PORT, E2E_PORT, RUNTIME_FILE } from './ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-e2e-'));
  const accounts = Object.fromEntries(
    DEMO_USERS.map((u) => [`sso-${u.username}`, { email: u.email, name: u.displayName }]),
  );
  const oidc = await startOidcServer({
    port: E2E_OIDC_PORT,
    redirectUri: `http://localhost:${E2E_PORT}/api/auth/callback/oidc`,
    accounts: {
      ...accounts,
      'sso-stranger': { email: 'stranger@nowhere.example', name: 'Stranger' },
    },
  });
  const system = await startSystem({
    root,
    dataDir,
    port: E2E_PORT,
    embeddedPgPort: await freePort(),
    dev: false,
    seed: true,
    build: true,
    log: (line) => console.log(`[e2e] ${line}`),
    env: {
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      OIDC_NAME: 'Test IdP',
      LOGIN_MAX_FAILED: '3',
      LOGIN_LOCK_MINUTES: '15',
    },
  });
  mkdirSync(path.dirname(RUNTIME_FILE), { recursive: true });
  writeFileSync(
    RUNTIME_FILE,
    JSON.stringify({
      databaseUrl: system.databaseUrl,
      storageDir: process.env.STORAGE_DIR ?? path.join(dataDir, 'objects'),
      // Tests forge session tokens (expired ones, too) with the server's own secret.
      authSecret: readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim(),
    }),
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await system.stop();
    await oidc.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  void system.crashed.then((why) => {
    console.error(`[e2e] ${why}`);
    void stop(1);
  });
}

main().catch((error) => {
  console.error('[e2e] could not start:', error);
  process.exit(1);
});
