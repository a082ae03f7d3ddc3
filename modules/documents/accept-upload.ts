// An upload is spooled to a temp file (stopping at the size limit), checked from its bytes,
// and only then put into storage: a refused file leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ObjectSource, ObjectStore, StoredObject } from '../../storage/port';
import {
  DEFAULT_SNIFF_LIMITS,
  FileRejectedError,
  sniffBytes,
  type SniffLimits,
  type SniffResult,
} from './sniff';

export interface AcceptUploadOptions {
  limits?: SniffLimits;
  spoolDirectory?: string;
}

export interface AcceptedUpload {
  object: StoredObject;
  file: SniffResult;
}

async function spool(source: ObjectSource, file: string, maxBytes: number): Promise<number> {
  const handle = await open(file, 'wx', 0o600);
  let size = 0;
  try {
    for await (const chunk of source) {
      const bytes = chunk as Uint8Array;
      size += bytes.length;
      if (size > maxBytes) {
        // Stop reading: an oversized upload is never written out in full.
        if ('destroy' in source && typeof source.destroy === 'function') source.destroy();
        throw new FileRejectedError('too_large', `The file exceeds ${maxBytes} bytes`);
      }
      await handle.write(bytes);
    }
  } finally {
    await handle.close();
  }
  return size;
}

export async function acceptUpload(
  source: ObjectSource,
  store: ObjectStore,
  options: AcceptUploadOptions = {},
): Promise<AcceptedUpload> {
  const limits = options.limits ?? DEFAULT_SNIFF_LIMITS;
  const file = path.join(
    options.spoolDirectory ?? tmpdir(),
    `upload-${process.pid}-${randomBytes(8).toString('hex')}`,
  );
  try {
    const size = await spool(source, file, limits.maxBytes);
    // The checks need the whole file (a PDF is read from its end); it is at most maxBytes.
    const sniffed = await sniffBytes(await readFile(file), limits);
    const object = await store.put(createReadStream(file), {
      size,
      contentType: sniffed.mediaType,
    });
    return { object, file: sniffed };
  } finally {
    await rm(file, { force: true });
  }
}
