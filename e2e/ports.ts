import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_PORT = Number(process.env.E2E_PORT ?? '3100');
export const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? '3199');
export const RUNTIME_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '.runtime',
  'runtime.json',
);
