// Benchmark of the documents area (not a test): `tsx bench/documents.ts [--quick]`.
// 1. OCR pages per minute: tesseract.js (the worker's pool, one worker per core) and the native
//    `tesseract` command on the same generated 300 dpi pages, and their ratio.
// 2. Decisions generated and signed per second: one thread, and one worker thread per core.
// 3. A streamed upload (1 GB; 256 MB with --quick) into the filesystem store: throughput and
//    peak RSS growth.
// 4. Archive search p95 over 100 000 documents seeded with generate_series (as the archivist,
//    audit row included).
// Writes bench/results/documents.json and bench/results/sample-decision.pdf.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { eq, sql } from 'drizzle-orm';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench/results');
const quick = process.argv.includes('--quick');
const CORES = availableParallelism();
const run = promisify(execFile);
/** `--only=ocr,signing,upload,search` runs a part (for looking into one number). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const part = (name: string) => !only || only.includes(name);

if (!isMainThread) await signWorker();
else await main();

// ------------------------------------------------------------------ decisions

interface SignJob {
  p12: Uint8Array;
  password: string;
  durationMs: number;
}

async function decisionMaker(p12: Uint8Array, password: string) {
  const { buildLetterDocument, loadSigningCredentials, signPdf } =
    await import('../modules/documents/pdf');
  const { DECISION_TEXTS } = await import('../modules/decisions/decision-texts');
  const { formatMoney } = await import('../modules/i18n');
  // Loaded once per thread, as the worker process does (configuredSigningCredentials).
  const credentials = await loadSigningCredentials(p12, password);
  const texts = DECISION_TEXTS.fi;
  let n = 0;
  return async (): Promise<Uint8Array> => {
    n++;
    const cents = 30_000 + ((n * 7919) % 50_000);
    const doc = await buildLetterDocument({
      organisation: {
        name: 'Hämeenlinnan kaupunki',
        unit: 'Aikuissosiaalityö',
        addressLines: ['PL 84', '13101 Hämeenlinna'],
      },
      locale: 'fi',
      title: texts.title,
      documentKind: 'PÄÄTÖS',
      caseNumber: `TOTU-2026-${String(n).padStart(6, '0')}`,
      recipient: { name: `Äijälä Öhman ${n}`, addressLines: ['Kätilöntie 1', '13100 Hämeenlinna'] },
      date: new Date(),
      paragraphs: [texts.outcome.granted, texts.amount(cents)],
      sections: [
        {
          heading: texts.calculationHeading,
          paragraphs: [
            `${texts.lineLabels.basic_amount ?? 'Perusosa'}: ${formatMoney(cents, 'fi')}`,
            `Asumismenot: ${formatMoney(45_000 + n, 'fi')}`,
          ],
        },
        {
          heading: texts.reasonsHeading,
          paragraphs: [`Hakemus ${n} ja sen liitteet on käsitelty.`],
        },
        { heading: texts.legalBasisHeading, paragraphs: [texts.legalBasis] },
      ],
      appendices: [{ heading: texts.appealHeading, paragraphs: texts.appeal('').filter(Boolean) }],
      signatory: { name: 'Päättäjä Päivi', title: 'sosiaalityöntekijä' },
    });
    return signPdf(doc, credentials, { reason: texts.title, location: 'Hämeenlinna' });
  };
}

/**
 * A signing thread: warms up (module load, JIT, the per-process font and layout caches, as a
 * long-running worker process has them), reports ready, and signs for the given time once the
 * main thread says go, so that every thread's measured window overlaps.
 */
async function signWorker() {
  const job = workerData as SignJob;
  const make = await decisionMaker(job.p12, job.password);
  const warmUntil = performance.now() + 1500;
  for (let i = 0; i < 20 || performance.now() < warmUntil; i++) await make();
  parentPort!.postMessage({ ready: true });
  await new Promise((resolve) => parentPort!.once('message', resolve));
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < job.durationMs) {
    await make();
    count++;
  }
  parentPort!.postMessage({ count, ms: performance.now() - start });
}

async function benchSigning(durationMs: number) {
  const { createDemoP12 } = await import('../modules/documents/pdf');
  const password = 'bench';
  const p12 = await createDemoP12(
    { commonName: 'Päätösten allekirjoitus (bench)', organization: 'Hämeenlinnan kaupunki' },
    password,
  );
  const make = await decisionMaker(p12, password);
  const sample = await make();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'sample-decision.pdf'), sample);
  const pdfsig = spawnSync('pdfsig', [path.join(RESULTS, 'sample-decision.pdf')], {
    encoding: 'utf8',
  });
  const signatureValid = pdfsig.error ? null : /Signature is Valid/.test(pdfsig.stdout);

  // One thread: wall time and CPU time per decision (CPU time is less sensitive to other load
  // on the machine; it counts the whole process, which is only this thread here).
  const { buildLetterDocument } = await import('../modules/documents/pdf');
  for (let i = 0; i < 10; i++) await make(); // warm up
  let oneThread = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < durationMs) {
    await make();
    oneThread++;
  }
  const perDocMs = (performance.now() - t0) / oneThread;
  const oneCpu = process.cpuUsage(cpu0);
  const cpuPerDocMs = (oneCpu.user + oneCpu.system) / 1000 / oneThread;
  const buildStart = performance.now();
  const builds = 10;
  for (let i = 0; i < builds; i++) {
    await buildLetterDocument({
      organisation: { name: 'Hämeenlinnan kaupunki', addressLines: [] },
      locale: 'fi',
      title: 'Päätös',
      date: new Date(),
      paragraphs: [`Koe ${i}`],
    });
  }
  const buildMs = (performance.now() - buildStart) / builds;

  // One worker thread per core, measured over the same window.
  const workers = Array.from({ length: CORES }, () => {
    // The thread runs this TypeScript file too (loader hooks given with --import do not reach
    // worker threads on Node 20, so tsx is registered inside the thread).
    const entry = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(
      import.meta.url,
    )}, ${JSON.stringify(import.meta.url)}))`;
    return new Worker(entry, {
      eval: true,
      workerData: { p12, password, durationMs } satisfies SignJob,
    });
  });
  const next = (worker: Worker) =>
    new Promise<{ ready?: true; count: number; ms: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(workers.map(next));
  const cpuThreads0 = process.cpuUsage();
  const done = workers.map(next);
  for (const worker of workers) worker.postMessage('go');
  const results = await Promise.all(done);
  const threadsCpu = process.cpuUsage(cpuThreads0);
  await Promise.all(workers.map((worker) => worker.terminate()));
  const signedInThreads = results.reduce((sum, r) => sum + r.count, 0);
  const parallel = results.reduce((sum, r) => sum + r.count / (r.ms / 1000), 0);
  return {
    signed_per_s: round(parallel),
    signed_per_s_one_thread: round(1000 / perDocMs),
    signing_threads: CORES,
    ms_per_decision_one_thread: round(perDocMs),
    cpu_ms_per_decision_one_thread: round(cpuPerDocMs),
    /** Process CPU time (all threads) over the threads' window, per decision signed there. */
    cpu_ms_per_decision_threads: round(
      (threadsCpu.user + threadsCpu.system) / 1000 / signedInThreads,
    ),
    ms_layout_short_letter: round(buildMs),
    sample_signature_valid: signatureValid,
  };
}

// ------------------------------------------------------------------ OCR

async function benchOcr(pages: number) {
  const { renderTextPage } = await import('../modules/documents/ocr/test-page');
  const { createOcrPool } = await import('../modules/documents/ocr');
  const lines = [
    'Hakemus täydentävästä toimeentulotuesta',
    'Hakija: Äijälä Öhman, Kätilöntie 1, 13100 Hämeenlinna',
    'Vuokrasopimuksen mukainen vuokra 650,00 euroa kuukaudessa.',
    'Ansökan om kompletterande utkomststöd, bilagor bifogas.',
    'Sähkölasku, vesimaksu ja kotivakuutus liitteenä.',
  ];
  const images = Array.from({ length: pages }, (_, i) =>
    renderTextPage([`Sivu ${i + 1}`, ...lines, ...lines.map((l) => l.toUpperCase())]),
  );
  const pool = await createOcrPool({ workers: CORES });
  let jsPerMinute: number;
  try {
    await pool.recognize(images[0]!); // warm up
    const t0 = performance.now();
    await Promise.all(images.map((image) => pool.recognize(image)));
    jsPerMinute = (pages / (performance.now() - t0)) * 60_000;
  } finally {
    await pool.terminate();
  }

  const probe = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    return {
      ocr_pages_per_min_tesseractjs: round(jsPerMinute),
      ocr_pages_per_min_native: null,
      ocr_ratio_vs_native: null,
      ocr_native_missing_reason:
        'the native `tesseract` command is not installed (apt-get install tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe)',
      ocr_pages: pages,
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-bench-'));
  try {
    const files = await Promise.all(
      images.map(async (image, i) => {
        const file = path.join(dir, `page-${i}.png`);
        await writeFile(file, image);
        return file;
      }),
    );
    const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout;
    const languages = ['fin', 'swe', 'eng'].filter((l) => langs.includes(l)).join('+') || 'eng';
    const native = async (file: string) =>
      run('tesseract', [file, '-', '-l', languages, '--psm', '6'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      });
    await native(files[0]!);
    const t0 = performance.now();
    // As many at once as the pool has workers.
    const queue = [...files];
    await Promise.all(
      Array.from({ length: CORES }, async () => {
        for (let file = queue.shift(); file; file = queue.shift()) await native(file);
      }),
    );
    const nativePerMinute = (pages / (performance.now() - t0)) * 60_000;
    return {
      ocr_pages_per_min_tesseractjs: round(jsPerMinute),
      ocr_pages_per_min_native: round(nativePerMinute),
      ocr_ratio_vs_native: round(jsPerMinute / nativePerMinute, 3),
      ocr_native_languages: languages,
      ocr_pages: pages,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ upload

async function benchUpload(bytes: number) {
  const { createFsObjectStore } = await import('../storage/fs');
  const dir = mkdtempSync(path.join(tmpdir(), 'upload-bench-'));
  try {
    const store = createFsObjectStore({ directory: dir });
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
    async function* source() {
      // A different first word per chunk, so the bytes are not one repeated block.
      for (let sent = 0, n = 0; sent < bytes; sent += chunk.length, n++) {
        const part = Buffer.from(chunk.subarray(0, Math.min(chunk.length, bytes - sent)));
        part.writeUInt32BE(n, 0);
        yield part;
      }
    }
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const t0 = performance.now();
    const stored = await store.put(Readable.from(source()), { size: bytes });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (stored.size !== bytes) throw new Error('upload size mismatch');
    return {
      upload_bytes: bytes,
      upload_mb_per_s: round(bytes / 1024 / 1024 / seconds),
      upload_rss_growth_mb: round((peak - baseline) / 1024 / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ search

async function benchSearch(url: string, documentsCount: number, queries: number) {
  const { createDatabase } = await import('../db/client');
  const { runMigrations } = await import('../db/migrate');
  const { seedDemoData } = await import('../db/seed');
  const { users } = await import('../db/schema');
  const { loadActor } = await import('../modules/access/load-actor');
  const { searchArchive } = await import('../modules/archive/search-archive');
  const { pool, db } = createDatabase(url, 4);
  try {
    await runMigrations(db);
    await seedDemoData(db);
    const t0 = performance.now();
    // Words of real letters in Finnish and Swedish, combined per row, so the search vectors
    // have a realistic vocabulary; a few rows carry rarer words.
    await db.execute(sql`
      WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM clients),
      w AS (SELECT ARRAY['hakemus','vuokrasopimus','päätös','liite','toimeentulotuki','sähkölasku',
        'ansökan','hyresavtal','beslut','bilaga','utkomststöd','elräkning','tiliote','palkkalaskelma',
        'lisäselvitys','oikaisuvaatimus','begäran','omprövning','kotivakuutus','lääkekulut'] AS words)
      INSERT INTO documents (client_id, type, title, language, source_channel, signature_status,
        retention_class, disposal_date, legal_hold, created_at, content_text)
      SELECT c.ids[1 + g % array_length(c.ids, 1)],
        (ARRAY['application','attachment','information_request','decision','notification_letter',
          'appeal','other'])[1 + g % 7]::document_type,
        w.words[1 + g % 20] || ' ' || g,
        (ARRAY['fi','sv'])[1 + g % 2]::locale,
        (ARRAY['eservice','scan','generated','upload'])[1 + g % 4]::document_source_channel,
        (ARRAY['unsigned','signed','invalid'])[1 + g % 3]::document_signature_status,
        CASE WHEN g % 5 = 0 THEN NULL ELSE 'working_age_adult_services' END,
        CASE WHEN g % 5 IN (0, 1) THEN NULL ELSE DATE '2020-01-01' + (g % 6000) END,
        g % 97 = 0,
        TIMESTAMPTZ '2016-01-01' + (g % 3650) * INTERVAL '1 day' + (g % 86400) * INTERVAL '1 second',
        w.words[1 + (g * 7) % 20] || ' ' || w.words[1 + (g * 13) % 20] || ' ' ||
          w.words[1 + (g * 3) % 20] || CASE WHEN g % 1000 = 0 THEN ' harvinainen' ELSE '' END
      FROM generate_series(1, ${documentsCount}) AS g, c, w`);
    await db.execute(sql`ANALYZE documents`);
    const seedSeconds = (performance.now() - t0) / 1000;

    const [archivistRow] = await db.select().from(users).where(eq(users.username, 'arkisto'));
    const archivist = (await loadActor(db, archivistRow!.id))!;
    const shapes: Parameters<typeof searchArchive>[2][] = [
      { text: 'hakemuksen' },
      { text: 'ansökningar' },
      { text: 'vuokrasopimukset', type: 'attachment' },
      { text: 'harvinainen' },
      { signatureStatus: 'signed', legalHold: true },
      { retentionState: 'due', type: 'decision' },
      { from: '2020-01-01', to: '2020-12-31', sort: 'oldest' },
      { text: 'päätös', retentionState: 'permanent', page: 3 },
      {},
    ];
    for (const shape of shapes) await searchArchive(db, archivist, shape, 'bench'); // warm up
    const times: number[] = [];
    const byShape: number[][] = shapes.map(() => []);
    for (let i = 0; i < queries; i++) {
      const start = performance.now();
      await searchArchive(db, archivist, shapes[i % shapes.length]!, 'suorituskykytesti');
      const ms = performance.now() - start;
      times.push(ms);
      byShape[i % shapes.length]!.push(ms);
    }
    const p95 = (list: number[]) =>
      [...list].sort((a, b) => a - b)[Math.ceil(list.length * 0.95) - 1]!;
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    return {
      search_documents: documentsCount,
      search_p95_ms_by_query: Object.fromEntries(
        shapes.map((shape, i) => [JSON.stringify(shape), round(p95(byShape[i]!))]),
      ),
      search_queries: queries,
      search_seed_s: round(seedSeconds),
      search_p50_ms: round(at(0.5)),
      search_p95_ms: round(at(0.95)),
      search_max_ms: round(times.at(-1)!),
    };
  } finally {
    await pool.end();
  }
}

// ------------------------------------------------------------------ driver

async function main() {
  const started = performance.now();
  // The upload first: its RSS baseline must not include what the other parts left behind.
  const upload = part('upload')
    ? await benchUpload(quick ? 256 * 1024 * 1024 : 1024 * 1024 * 1024)
    : null;
  const signing = part('signing') ? await benchSigning(quick ? 1500 : 10_000) : null;
  const ocr = part('ocr') ? await benchOcr(quick ? CORES : CORES * 6) : null;
  let search = null;
  if (part('search')) {
    const { startEmbeddedPostgres } = await import('../db/postgres/embedded');
    const { freePort } = await import('../test/free-port');
    const dir = mkdtempSync(path.join(tmpdir(), 'documents-bench-'));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
    });
    try {
      search = await benchSearch(server.url, 100_000, quick ? 60 : 450);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const result = {
    quick,
    cores: CORES,
    ...ocr,
    ...signing,
    ...upload,
    ...search,
    elapsed_s: round((performance.now() - started) / 1000),
  };
  console.log('documents bench' + (quick ? ' (quick)' : ''));
  if (ocr)
    console.log(
      `  OCR               : tesseract.js ${ocr.ocr_pages_per_min_tesseractjs} pages/min, native ${
        ocr.ocr_pages_per_min_native ?? '—'
      }; ratio ${ocr.ocr_ratio_vs_native ?? `null (${ocr.ocr_native_missing_reason})`} (target >= 0.8)`,
    );
  if (signing)
    console.log(
      `  decisions signed  : ${signing.signed_per_s}/s with ${CORES} threads, ${signing.signed_per_s_one_thread}/s in one (target >= 20); CPU ${signing.cpu_ms_per_decision_one_thread} ms per decision in one thread, ${signing.cpu_ms_per_decision_threads} ms in threads; pdfsig valid: ${signing.sample_signature_valid ?? 'pdfsig missing'}`,
    );
  if (upload)
    console.log(
      `  upload            : ${upload.upload_bytes / 1024 / 1024} MB at ${upload.upload_mb_per_s} MB/s, peak RSS growth ${upload.upload_rss_growth_mb} MB (target < 100)`,
    );
  if (search) {
    console.log(
      `  search            : p95 ${search.search_p95_ms} ms, p50 ${search.search_p50_ms} ms over ${search.search_documents} documents (target < 100)`,
    );
    for (const [shape, ms] of Object.entries(search.search_p95_ms_by_query)) {
      console.log(`    p95 ${String(ms).padStart(6)} ms  ${shape}`);
    }
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'documents.json'), JSON.stringify(result, null, 2) + '\n');
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
