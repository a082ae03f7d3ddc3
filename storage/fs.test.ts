import { chmod, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { describeObjectStoreConformance } from './conformance';
import { createFsObjectStore } from './fs';
import type { ObjectStore } from './port';

let directory = '';
let store: ObjectStore;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'sos-fs-store-'));
  store = createFsObjectStore({ directory });
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describeObjectStoreConformance('filesystem', {
  store: () => store,
  async corrupt(key) {
    const sha = key.slice(6);
    const file = path.join(directory, sha.slice(0, 2), sha.slice(2, 4), sha);
    await chmod(file, 0o644);
    const handle = await open(file, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 7);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, 7);
    await handle.close();
  },
});
