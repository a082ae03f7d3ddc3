import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from './fs';
import { createObjectStore } from './index';
import { IntegrityError } from './port';
import { withIntegrityReporting } from './report-integrity';
import { scrubObjectStore } from './scrub';

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

describe('scrub', () => {
  it('reports exactly the objects whose bytes no longer match their key', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'sos-scrub-'));
    directories.push(directory);
    const store = createFsObjectStore({ directory });
    const good = await store.put(Readable.from([Buffer.from('ehjä')]));
    const bad = await store.put(Readable.from([Buffer.from('rikki menevä')]));
    const file = path.join(directory, bad.key);
    await chmod(file, 0o644);
    await writeFile(file, 'rikki mennyt');

    const report = await scrubObjectStore(store);

    expect(report.checked).toBe(2);
    expect(report.broken).toEqual([
      expect.objectContaining({ key: bad.key, problem: 'integrity' }),
    ]);
    expect(report.broken.map((b) => b.key)).not.toContain(good.key);
  });
});

describe('createObjectStore', () => {
  it('defaults to the filesystem store and refuses an incomplete S3 configuration', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'sos-env-'));
    directories.push(directory);
    const store = createObjectStore({ STORAGE_DIR: directory });
    const stored = await store.put(Readable.from([Buffer.from('oletus')]));
    expect(await store.exists(stored.key)).toBe(true);
    expect(() => createObjectStore({ STORAGE: 's3', S3_ENDPOINT: 'localhost' })).toThrow(
      /S3_BUCKET/,
    );
    expect(() => createObjectStore({ STORAGE: 'ftp' })).toThrow(/Storage configuration/);
  });
});

describe('withIntegrityReporting', () => {
  it('reports a corrupted object once when a read detects it, and the read still fails', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'sos-report-'));
    directories.push(directory);
    const reported: string[] = [];
    const store = withIntegrityReporting(createFsObjectStore({ directory }), (error) => {
      reported.push(error.key);
    });
    const { key } = await store.put(Readable.from([Buffer.from('alkuperäinen')]));
    await chmod(path.join(directory, key), 0o644);
    await writeFile(path.join(directory, key), 'muutettu!!!!!');

    await expect(buffer(await store.get(key))).rejects.toBeInstanceOf(IntegrityError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported).toEqual([key]);
  });
});
