// Behaviour every ObjectStore adapter must show; each adapter's test file runs this suite.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { IntegrityError, StorageError, type ObjectStore } from './port';

export interface ConformanceTarget {
  store: () => ObjectStore;
  /** Changes one stored byte behind the store's back, as disk rot or tampering would. */
  corrupt: (key: string) => Promise<void>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function expectStorageError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
}

/** `count` chunks of 1 MiB, generated on demand, and the SHA-256 they will hash to. */
function generatedStream(count: number): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  const chunkFor = (index: number) => {
    const chunk = Buffer.alloc(1024 * 1024, index % 251);
    chunk.writeUInt32BE(index, 0);
    return chunk;
  };
  for (let index = 0; index < count; index++) hash.update(chunkFor(index));
  const stream = Readable.from(
    (function* () {
      for (let index = 0; index < count; index++) yield chunkFor(index);
    })(),
    { objectMode: false },
  );
  return { stream, sha256: hash.digest('hex') };
}

async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - baseline) / (1024 * 1024);
}

export function describeObjectStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`${name} object store`, () => {
    it('put returns the content address, sha256 and size; get streams the same bytes', async () => {
      const store = target.store();
      const bytes = Buffer.from('Päätös: toimeentulotuki myönnetään. Beslut: utkomststöd.');
      const stored = await store.put(Readable.from([bytes]), { contentType: 'text/plain' });
      expect(stored.sha256).toBe(sha256(bytes));
      expect(stored.key).toBe(
        `${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`,
      );
      expect(stored.size).toBe(bytes.length);
      expect(await buffer(await store.get(stored.key))).toEqual(bytes);
      expect(await store.stat(stored.key)).toEqual(stored);
      expect(await store.exists(stored.key)).toBe(true);
    });

    it('identical content is not written again and keeps its key', async () => {
      const store = target.store();
      const bytes = Buffer.from(`idempotent ${Math.random()}`);
      const first = await store.put(Readable.from([bytes]));
      const second = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
      expect(second).toEqual(first);
      const keys: string[] = [];
      for await (const key of store.list()) if (key === first.key) keys.push(key);
      expect(keys).toEqual([first.key]);
    });

    it('different content never replaces stored content', async () => {
      const store = target.store();
      const a = await store.put(Readable.from([Buffer.from('versio 1')]));
      const b = await store.put(Readable.from([Buffer.from('versio 2')]));
      expect(b.key).not.toBe(a.key);
      expect((await buffer(await store.get(a.key))).toString()).toBe('versio 1');
    });

    it('a declared size that differs from the bytes refuses the put and stores nothing', async () => {
      const store = target.store();
      const bytes = Buffer.from(`declared size ${Math.random()}`);
      await expectStorageError(store.put(Readable.from([bytes]), { size: 3 }), 'size_mismatch');
      await expectStorageError(
        store.put(Readable.from([bytes]), { size: bytes.length + 1 }),
        'size_mismatch',
      );
      const key = `${sha256(bytes).slice(0, 2)}/${sha256(bytes).slice(2, 4)}/${sha256(bytes)}`;
      expect(await store.exists(key)).toBe(false);
    });

    it('range reads return exactly the inclusive byte range', async () => {
      const store = target.store();
      const bytes = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
      const { key } = await store.put(Readable.from([bytes]));
      expect((await buffer(await store.get(key, { start: 10, end: 15 }))).toString()).toBe(
        'abcdef',
      );
      expect((await buffer(await store.get(key, { start: 30 }))).toString()).toBe('uvwxyz');
      expect((await buffer(await store.get(key, { end: 2 }))).toString()).toBe('012');
      expect((await buffer(await store.get(key, { start: 34, end: 999 }))).toString()).toBe('yz');
      await expectStorageError(store.get(key, { start: 36 }), 'invalid_range');
      await expectStorageError(store.get(key, { start: 5, end: 4 }), 'invalid_range');
    });

    it('an empty object can be stored and read', async () => {
      const store = target.store();
      const stored = await store.put(Readable.from([]));
      expect(stored.size).toBe(0);
      expect((await buffer(await store.get(stored.key))).length).toBe(0);
    });

    it('a full read of a corrupted object fails with IntegrityError', async () => {
      const store = target.store();
      const bytes = Buffer.from(`Allekirjoitettu päätös ${Math.random()}`.repeat(50));
      const { key } = await store.put(Readable.from([bytes]));
      await target.corrupt(key);
      const error = await buffer(await store.get(key)).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(IntegrityError);
      expect((error as IntegrityError).key).toBe(key);
      expect((error as IntegrityError).actualSha256).not.toBe(sha256(bytes));
    });

    it('unknown and malformed keys are reported, not guessed', async () => {
      const store = target.store();
      const missing = `ab/cd/abcd${'0'.repeat(60)}`;
      expect(await store.exists(missing)).toBe(false);
      await expectStorageError(store.get(missing), 'not_found');
      await expectStorageError(store.stat('../../etc/passwd'), 'invalid_key');
      await expectStorageError(store.get(`00/11/${'2'.repeat(64)}`), 'invalid_key');
    });

    it('delete is refused without a disposal approval and works with one', async () => {
      const store = target.store();
      const { key } = await store.put(Readable.from([Buffer.from(`hävitettävä ${Math.random()}`)]));
      await expectStorageError(
        store.delete(key, undefined as unknown as { disposalApprovalId: string }),
        'disposal_approval_required',
      );
      await expectStorageError(
        store.delete(key, { disposalApprovalId: ' ' }),
        'disposal_approval_required',
      );
      expect(await store.exists(key)).toBe(true);
      await store.delete(key, { disposalApprovalId: 'disposal-2026-0042' });
      expect(await store.exists(key)).toBe(false);
      await expectStorageError(store.delete(key, { disposalApprovalId: 'x' }), 'not_found');
    });

    it('a 50 MiB generated stream is stored and read back with bounded memory', async () => {
      const store = target.store();
      const { stream, sha256: expected } = generatedStream(50);
      let key = '';
      const growth = await peakRssGrowth(async () => {
        const stored = await store.put(stream);
        expect(stored.size).toBe(50 * 1024 * 1024);
        expect(stored.sha256).toBe(expected);
        key = stored.key;
        const hash = createHash('sha256');
        for await (const chunk of await store.get(key)) hash.update(chunk as Buffer);
        expect(hash.digest('hex')).toBe(expected);
      });
      expect(growth).toBeLessThan(40);
    });
  });
}
