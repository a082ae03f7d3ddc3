// Filesystem adapter: content-addressed files under `<root>/aa/bb/<sha256>`, written atomically.
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  StorageError,
  existsByStat,
  keyForSha256,
  requireDisposalApproval,
  sha256OfKey,
  type ByteRange,
  type DeleteOptions,
  type ObjectSource,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from './port';
import { resolveRange, spoolToTempFile, verifiedBody } from './streams';

export interface FsObjectStoreOptions {
  /** Root directory; created if missing. */
  directory: string;
}

/** Temp files live on the same filesystem as the objects so that linking them in is atomic. */
const INCOMING = '.incoming';
const HEX2 = /^[0-9a-f]{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function createFsObjectStore(options: FsObjectStoreOptions): ObjectStore {
  const root = path.resolve(options.directory);
  const incoming = path.join(root, INCOMING);
  let ready: Promise<void> | undefined;

  const ensureRoot = () => (ready ??= mkdir(incoming, { recursive: true }).then(() => undefined));

  const fileFor = (key: string) => {
    const sha256 = sha256OfKey(key);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function statKey(key: string): Promise<StoredObject> {
    const file = fileFor(key);
    try {
      const info = await stat(file);
      return { key, sha256: sha256OfKey(key), size: info.size };
    } catch (error) {
      if (isMissing(error)) throw new StorageError('not_found', `No object ${key}`);
      throw error;
    }
  }

  return {
    async put(source: ObjectSource, putOptions?: PutOptions): Promise<StoredObject> {
      await ensureRoot();
      const spooled = await spoolToTempFile(source, incoming, putOptions);
      const key = keyForSha256(spooled.sha256);
      const target = fileFor(key);
      try {
        const directory = path.dirname(target);
        // New fan-out directories must themselves survive a crash: sync their parents too.
        if (await mkdir(directory, { recursive: true })) {
          await fsyncDirectory(path.dirname(directory));
          await fsyncDirectory(root);
        }
        await chmod(spooled.path, 0o444);
        try {
          // link() never replaces an existing file, unlike rename(): two writers of the
          // same content cannot clobber each other, and the first one's file stays.
          await link(spooled.path, target);
          await fsyncDirectory(directory);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      } finally {
        await unlink(spooled.path).catch(() => undefined);
      }
      return { key, sha256: spooled.sha256, size: spooled.size };
    },

    async get(key: string, range?: ByteRange): Promise<Readable> {
      const { size, sha256 } = await statKey(key);
      const { start, end, whole } = resolveRange(range, size);
      if (size === 0) return verifiedBody(key, sha256);
      const file = createReadStream(fileFor(key), { start, end });
      return whole ? verifiedBody(key, sha256, file) : file;
    },

    stat: statKey,

    exists: (key: string) => existsByStat(statKey, key),

    async *list(): AsyncIterable<string> {
      const names = async (directory: string) => {
        try {
          return await readdir(directory);
        } catch (error) {
          if (isMissing(error)) return [];
          throw error;
        }
      };
      for (const first of await names(root)) {
        if (!HEX2.test(first)) continue;
        for (const second of await names(path.join(root, first))) {
          if (!HEX2.test(second)) continue;
          for (const name of await names(path.join(root, first, second))) {
            if (SHA256.test(name) && name.startsWith(first + second)) yield keyForSha256(name);
          }
        }
      }
    },

    async delete(key: string, deleteOptions: DeleteOptions): Promise<void> {
      requireDisposalApproval(deleteOptions);
      const file = fileFor(key);
      try {
        await unlink(file);
      } catch (error) {
        if (isMissing(error)) throw new StorageError('not_found', `No object ${key}`);
        throw error;
      }
      await fsyncDirectory(path.dirname(file));
    },
  };
}
