import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrPool, OcrError } from './ocr-pool';
import { LanguageDataError, prepareLanguageData, type OcrLanguage } from './tessdata';

let directory = '';
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('OCR pool start-up', () => {
  it('gathers the npm language data into one folder and refuses an unknown language', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'sos-tessdata-test-'));
    await prepareLanguageData(['fin', 'swe', 'eng'], directory);
    expect((await readdir(directory)).sort()).toEqual([
      'eng.traineddata.gz',
      'fin.traineddata.gz',
      'swe.traineddata.gz',
    ]);
    await expect(prepareLanguageData(['xxx' as OcrLanguage], directory)).rejects.toBeInstanceOf(
      LanguageDataError,
    );
  });

  it('a worker that does not start in time fails with worker_start_timeout', async () => {
    const error = await createOcrPool({
      workers: 1,
      languages: ['eng'],
      workerStartTimeoutMs: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcrError);
    expect((error as OcrError).code).toBe('worker_start_timeout');
  });
});
