import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'minio';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../test/free-port';
import { describeObjectStoreConformance } from './conformance';
import type { ObjectStore } from './port';
import { createS3ObjectStore } from './s3';

const BUCKET = 'sos-documents';
const CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' };

let directory = '';
let server: S3rver;
let store: ObjectStore;
let client: Client;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'sos-s3rver-'));
  const port = await freePort();
  server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
  await server.run();
  const connection = { endPoint: '127.0.0.1', port, useSSL: false, ...CREDENTIALS };
  client = new Client({ ...connection, pathStyle: true });
  store = createS3ObjectStore({ ...connection, bucket: BUCKET });
});

afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

describeObjectStoreConformance('S3 (s3rver)', {
  store: () => store,
  async corrupt(key) {
    // Rewrite the object behind the adapter's back, as a misbehaving backend or an
    // operator with bucket access could.
    const stat = await client.statObject(BUCKET, key);
    const chunks: Buffer[] = [];
    for await (const chunk of await client.getObject(BUCKET, key)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    bytes[7] = bytes[7]! ^ 0xff;
    await client.putObject(BUCKET, key, bytes, stat.size);
  },
});
