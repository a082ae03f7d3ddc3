// Gathers the npm-packaged tesseract language data into the one folder tesseract.js reads.
import { access, mkdir, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const OCR_LANGUAGES = ['fin', 'swe', 'eng'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/** The LSTM "best_int" models, which tesseract.js itself downloads for its default engine. */
const MODEL_FOLDER = '4.0.0_best_int';

export class LanguageDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LanguageDataError';
  }
}

function packagedFile(language: OcrLanguage): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`@tesseract.js-data/${language}/package.json`);
  } catch {
    throw new LanguageDataError(`Language data package @tesseract.js-data/${language} is missing`);
  }
  return path.join(path.dirname(packageJson), MODEL_FOLDER, `${language}.traineddata.gz`);
}

/**
 * Returns a folder holding `<lang>.traineddata.gz` for every language, as links into the
 * npm packages (each package keeps its file in a versioned sub-folder of its own).
 */
export async function prepareLanguageData(
  languages: readonly OcrLanguage[] = OCR_LANGUAGES,
  directory = path.join(tmpdir(), `sos-tessdata-${MODEL_FOLDER}`),
): Promise<string> {
  await mkdir(directory, { recursive: true });
  for (const language of languages) {
    const source = packagedFile(language);
    try {
      await access(source);
    } catch {
      throw new LanguageDataError(`Language data file ${source} is missing`);
    }
    const target = path.join(directory, `${language}.traineddata.gz`);
    // A missing file makes tesseract.js worker creation hang rather than fail, so a stale
    // link (the packages moved) is replaced here.
    const usable = await access(target).then(
      () => true,
      () => false,
    );
    if (usable) continue;
    await rm(target, { force: true });
    try {
      await symlink(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return directory;
}
