// Picks the storage back end from the environment (STORAGE=fs|s3); the only place that does.
import { z } from 'zod';
import { createFsObjectStore } from './fs';
import type { ObjectStore } from './port';
import { createS3ObjectStore } from './s3';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const StorageEnv = z.discriminatedUnion('STORAGE', [
  z.object({
    STORAGE: z.literal('fs'),
    STORAGE_DIR: z.string().min(1).default('./data/objects'),
  }),
  z.object({
    STORAGE: z.literal('s3'),
    S3_ENDPOINT: z.string().min(1),
    S3_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    S3_USE_SSL: flag,
    S3_BUCKET: z.string().min(3),
    S3_ACCESS_KEY: z.string().min(1),
    S3_SECRET_KEY: z.string().min(1),
    S3_REGION: z.string().min(1).optional(),
  }),
]);

/** Builds the configured store; invalid or missing settings throw with the variable named. */
export function createObjectStore(
  env: Record<string, string | undefined> = process.env,
): ObjectStore {
  const parsed = StorageEnv.safeParse({ ...env, STORAGE: env.STORAGE ?? 'fs' });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Storage configuration is invalid: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  if (config.STORAGE === 'fs') return createFsObjectStore({ directory: config.STORAGE_DIR });
  return createS3ObjectStore({
    endPoint: config.S3_ENDPOINT,
    port: config.S3_PORT,
    useSSL: config.S3_USE_SSL,
    bucket: config.S3_BUCKET,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    region: config.S3_REGION,
  });
}
