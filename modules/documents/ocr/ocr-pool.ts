// A pool of tesseract.js workers (one per core) behind a scheduler; runs in the worker
// process only, never in a web request. Fully offline: language data comes from npm.
import { availableParallelism } from 'node:os';
import Tesseract from 'tesseract.js';
import { OCR_LANGUAGES, prepareLanguageData, type OcrLanguage } from './tessdata';

export interface OcrPoolOptions {
  languages?: readonly OcrLanguage[];
  /** Default: one per core. */
  workers?: number;
  /** Worker creation can hang instead of failing (see STACK.md); default 60 s. */
  workerStartTimeoutMs?: number;
  /** Folder for the gathered language data; default under the OS temp dir. */
  languageDirectory?: string;
  /** Resolution assumed for images that do not state one; rasterised pages use 300. */
  defaultDpi?: number;
}

export interface PageOcr {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
  /** A PDF page holding only the invisible OCR text, to lay over the scan. */
  textLayerPdf?: Uint8Array;
}

export interface OcrPool {
  readonly workerCount: number;
  recognize(image: Buffer, options?: { textLayer?: boolean }): Promise<PageOcr>;
  terminate(): Promise<void>;
}

export type OcrErrorCode = 'worker_start_timeout' | 'worker_start_failed' | 'recognition_failed';

export class OcrError extends Error {
  constructor(
    readonly code: OcrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OcrError';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function startWorker(
  languages: readonly OcrLanguage[],
  langPath: string,
  timeoutMs: number,
  dpi: number,
): Promise<Tesseract.Worker> {
  let reported: unknown;
  const pending = Tesseract.createWorker([...languages], Tesseract.OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    // 'none': never read or write a traineddata cache (the default writes into the cwd).
    cacheMethod: 'none',
    // Without a handler a failed job throws inside the message listener and kills the process.
    errorHandler: (error: unknown) => {
      reported = error;
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new OcrError(
            'worker_start_timeout',
            `OCR worker did not start in ${timeoutMs} ms${reported ? `: ${messageOf(reported)}` : ''}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const worker = await Promise.race([pending, timeout]);
    await worker.setParameters({ user_defined_dpi: String(dpi), preserve_interword_spaces: '1' });
    return worker;
  } catch (error) {
    // A worker that starts after the timeout must not linger.
    pending.then((late) => late.terminate()).catch(() => undefined);
    if (error instanceof OcrError) throw error;
    throw new OcrError('worker_start_failed', `OCR worker failed to start: ${messageOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

export async function createOcrPool(options: OcrPoolOptions = {}): Promise<OcrPool> {
  const languages = options.languages ?? OCR_LANGUAGES;
  const langPath = await prepareLanguageData(languages, options.languageDirectory);
  const count = Math.max(1, options.workers ?? availableParallelism());
  const started = await Promise.allSettled(
    Array.from({ length: count }, () =>
      startWorker(
        languages,
        langPath,
        options.workerStartTimeoutMs ?? 60_000,
        options.defaultDpi ?? 300,
      ),
    ),
  );
  const workers = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
    throw failure.reason;
  }
  const scheduler = Tesseract.createScheduler();
  for (const worker of workers) scheduler.addWorker(worker);

  return {
    workerCount: workers.length,
    async recognize(image, recognizeOptions = {}) {
      const textLayer = recognizeOptions.textLayer ?? false;
      let result: Tesseract.RecognizeResult;
      try {
        result = await scheduler.addJob(
          'recognize',
          image,
          { pdfTextOnly: true, pdfTitle: 'OCR' },
          { text: true, pdf: textLayer },
        );
      } catch (error) {
        throw new OcrError('recognition_failed', `OCR failed: ${messageOf(error)}`);
      }
      const { text, confidence, pdf } = result.data;
      return {
        text,
        confidence,
        textLayerPdf: textLayer && pdf ? Uint8Array.from(pdf) : undefined,
      };
    },
    terminate: () => scheduler.terminate().then(() => undefined),
  };
}
