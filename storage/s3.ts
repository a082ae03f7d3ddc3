// S3 / MinIO adapter on the `minio` client; same content-addressed keys as the filesystem store.
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { pipeline, type Readable } from 'node:stream';
import { Client } from 'minio';
import {
  StorageError,
  existsByStat,
  isStorageKey,
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
import { resolveRange, spoolToTempFile, verifiedBody, type SpooledFile } from './streams';

export interface S3ObjectStoreOptions {
  endPoint: string;
  port?: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region?: string;
  /** Where uploads are spooled to learn their hash and size; default the OS temp dir. */
  spoolDirectory?: string;
}

/** Largest object S3 accepts in one PUT; larger ones go through the client's multipart upload. */
const SINGLE_PUT_LIMIT = 5 * 1024 * 1024 * 1024;
const PRESIGN_SECONDS = 15 * 60;

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'NotFound' || code === 'NoSuchKey';
}

export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const client = new Client({
    endPoint: options.endPoint,
    port: options.port,
    useSSL: options.useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region,
    pathStyle: true,
  });
  const bucket = options.bucket;
  const spoolDirectory = options.spoolDirectory ?? tmpdir();
  let ready: Promise<void> | undefined;

  const ensureBucket = () =>
    (ready ??= (async () => {
      if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, options.region);
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  async function statKey(key: string): Promise<StoredObject> {
    const sha256 = sha256OfKey(key);
    await ensureBucket();
    try {
      const info = await client.statObject(bucket, key);
      return { key, sha256, size: info.size };
    } catch (error) {
      if (isMissing(error)) throw new StorageError('not_found', `No object ${key}`);
      throw error;
    }
  }

  /**
   * minio's putObject reads any object smaller than its part size (64 MiB) into memory and
   * sends larger ones as multipart uploads; a presigned PUT streams the file instead.
   */
  async function streamingPut(key: string, file: SpooledFile, contentType: string) {
    const url = new URL(await client.presignedPutObject(bucket, key, PRESIGN_SECONDS));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    await new Promise<void>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: 'PUT',
          headers: {
            'Content-Length': file.size,
            'Content-Type': contentType,
            // The server refuses the object if the bytes it received differ.
            ...(file.md5 ? { 'Content-MD5': file.md5 } : {}),
          },
        },
        (response) => {
          const body: Buffer[] = [];
          response.on('data', (chunk: Buffer) => body.length < 16 && body.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            if (response.statusCode === 200) resolve();
            else {
              const detail = Buffer.concat(body).toString('utf8').slice(0, 500);
              reject(new Error(`S3 PUT of ${key} failed: ${response.statusCode} ${detail}`));
            }
          });
        },
      );
      outgoing.on('error', reject);
      pipeline(createReadStream(file.path), outgoing, (error) => error && reject(error));
    });
  }

  const exists = (key: string) => existsByStat(statKey, key);

  return {
    async put(source: ObjectSource, putOptions?: PutOptions): Promise<StoredObject> {
      await ensureBucket();
      // The key is the hash, and the client needs the size: both are known only after a
      // full pass, so the upload goes through a temp file rather than memory.
      const spooled = await spoolToTempFile(source, spoolDirectory, putOptions, true);
      try {
        const key = keyForSha256(spooled.sha256);
        if (!(await exists(key))) {
          const contentType = putOptions?.contentType ?? 'application/octet-stream';
          if (spooled.size <= SINGLE_PUT_LIMIT) {
            await streamingPut(key, spooled, contentType);
          } else {
            await client.putObject(bucket, key, createReadStream(spooled.path), spooled.size, {
              'Content-Type': contentType,
            });
          }
        }
        return { key, sha256: spooled.sha256, size: spooled.size };
      } finally {
        await unlink(spooled.path).catch(() => undefined);
      }
    },

    async get(key: string, range?: ByteRange): Promise<Readable> {
      const { size, sha256 } = await statKey(key);
      const { start, end, whole } = resolveRange(range, size);
      if (size === 0) return verifiedBody(key, sha256);
      if (!whole) return client.getPartialObject(bucket, key, start, end - start + 1);
      return verifiedBody(key, sha256, await client.getObject(bucket, key));
    },

    stat: statKey,
    exists,

    async *list(): AsyncIterable<string> {
      await ensureBucket();
      for await (const item of client.listObjectsV2(bucket, '', true)) {
        const name = (item as { name?: string }).name;
        if (name !== undefined && isStorageKey(name)) yield name;
      }
    },

    async delete(key: string, deleteOptions: DeleteOptions): Promise<void> {
      requireDisposalApproval(deleteOptions);
      await statKey(key);
      await client.removeObject(bucket, key);
    },
  };
}
