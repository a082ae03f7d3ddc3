// Letters and decisions as PDF/A-2b-style documents: organisation letterhead and texts come
// from configuration; the body text is whatever the caller passes, in fi, sv or en.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { INTL_TAG, type Locale } from '../../i18n/locales';
import { applyPdfAMetadata } from './pdfa';

export interface LetterLabels {
  date: string;
  caseNumber: string;
  /** Page numbering as `{page} ({pages})`, the Finnish convention. */
  page: string;
}

export interface OrganisationProfile {
  /** e.g. "Hämeenlinnan kaupunki" / "Tavastehus stad". */
  name: string;
  /** Department or unit, e.g. "Sosiaalipalvelut". */
  unit?: string;
  /** Footer column 1: postal address lines. */
  addressLines: string[];
  /** Footer column 2: phone, e-mail, web. */
  contactLines?: string[];
  /** Footer column 3, e.g. the business ID (Y-tunnus). */
  registrationLines?: string[];
  /** Letterhead logo as PNG bytes, drawn at the top right. */
  logoPng?: Uint8Array;
  /** Accent colour of the letterhead rule, 0–1 RGB. */
  accentColor?: [number, number, number];
  /** Overrides of the default labels, per language. */
  labels?: Partial<Record<Locale, Partial<LetterLabels>>>;
}

export interface LetterRecipient {
  name: string;
  addressLines: string[];
}

export interface LetterSignatory {
  name: string;
  title?: string;
}

export interface LetterSection {
  /** e.g. "Perustelut", "Sovelletut säännökset", "Muutoksenhakuohje". */
  heading: string;
  paragraphs: string[];
}

export interface LetterInput {
  organisation: OrganisationProfile;
  locale: Locale;
  title: string;
  recipient?: LetterRecipient;
  date: Date;
  /** Paragraphs of body text; a `\n` inside one starts a new line. */
  paragraphs: string[];
  /** Headed sections after the opening paragraphs, before the signature. */
  sections?: LetterSection[];
  /** Sections after the signature, each on a new page (e.g. appeal instructions). */
  appendices?: LetterSection[];
  caseNumber?: string;
  signatory?: LetterSignatory;
  /** Document kind shown above the title, e.g. "PÄÄTÖS" or "BESLUT". */
  documentKind?: string;
}

const DEFAULT_LABELS: Record<Locale, LetterLabels> = {
  fi: { date: 'Päivämäärä', caseNumber: 'Diaarinumero', page: '{page} ({pages})' },
  sv: { date: 'Datum', caseNumber: 'Diarienummer', page: '{page} ({pages})' },
  en: { date: 'Date', caseNumber: 'Case number', page: '{page} ({pages})' },
};

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = { left: 25 * MM, right: 20 * MM, top: 15 * MM, bottom: 30 * MM };
const RIGHT_COLUMN = 110 * MM;
const BODY = { size: 11, leading: 15, paragraphGap: 8 };
const FOOTER_TOP = 22 * MM;
const TEXT = rgb(0, 0, 0);
const MUTED = rgb(0.3, 0.3, 0.3);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFontBytes() {
  return (fontBytes ??= (async () => {
    const require = createRequire(import.meta.url);
    // Inside a Next.js server bundle require.resolve answers a module id (a number), not a
    // path: the web app (letter and decision previews) then finds the package from its root.
    const resolved: unknown = require.resolve('dejavu-fonts-ttf/package.json');
    const directory = path.join(
      typeof resolved === 'string'
        ? path.dirname(resolved)
        : path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf'),
      'ttf',
    );
    const [regular, bold] = await Promise.all([
      readFile(path.join(directory, 'DejaVuSans.ttf')),
      readFile(path.join(directory, 'DejaVuSans-Bold.ttf')),
    ]);
    return { regular, bold };
  })());
}

/**
 * Parsing the fonts and decoding their layout tables (GSUB/GPOS) was most of the cost of a
 * letter, so one parsed fontkit font serves every document (each pdf-lib document still makes
 * its own subset and glyph map). One catch made sharing lose text before: fontkit caches a
 * glyph object per id with the code points of whoever asked first, and subsetting a composite
 * glyph (Ö = O + diaeresis) asks for its components without code points. In a later letter the
 * cached "O" then had none, and the ToUnicode map left it out (pdftotext lost every O). So a
 * glyph without code points gets them from the next layout that maps a character to it.
 * render-letter.test.ts checks text and pixels against a freshly parsed font.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();

/**
 * Laid-out strings per shared font. Shaping a line (GSUB/GPOS lookups) was the largest cost of a
 * letter left after sharing the parse (node --cpu-prof), pdf-lib shapes every drawn line once to
 * encode it, and most lines (headings, legal texts, appeal instructions) are the same in every
 * letter. A glyph run only holds the font's shared glyph objects and positions, which pdf-lib
 * reads and never changes. Bounded; cleared when full.
 */
const LAYOUT_CACHE_LIMIT = 20_000;

function parseShared(data: Uint8Array): ReturnType<typeof fontkit.create> {
  const font = fontkit.create(data);
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]) => {
    const glyph = getGlyph(id, codePoints);
    if (codePoints?.length && glyph.codePoints.length === 0) glyph.codePoints = [...codePoints];
    return glyph;
  };
  const layout = font.layout.bind(font);
  const layouts = new Map<string, ReturnType<typeof layout>>();
  font.layout = (text: string, features?: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || rest.some((arg) => arg !== undefined)) {
      return (layout as (...args: unknown[]) => ReturnType<typeof layout>)(text, features, ...rest);
    }
    const key = features === undefined ? text : `${JSON.stringify(features)}\u0000${text}`;
    let run = layouts.get(key);
    if (!run) {
      if (layouts.size >= LAYOUT_CACHE_LIMIT) layouts.clear();
      run = (layout as (...args: unknown[]) => ReturnType<typeof layout>)(text, features);
      layouts.set(key, run);
    }
    return run;
  };
  return font;
}

const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsedFonts.get(data);
    if (!font) parsedFonts.set(data, (font = parseShared(data)));
    return font;
  },
};

/**
 * Widths of strings per font file, measured at 1 pt (a width scales linearly with the size):
 * line breaking measures every candidate line, and most of a letter's text (headings, appeal
 * instructions) is the same in every letter. Bounded; cleared when full.
 */
const widthCaches = new WeakMap<Uint8Array, Map<string, number>>();
const fontFiles = new WeakMap<PDFFont, Uint8Array>();
const WIDTH_CACHE_LIMIT = 50_000;

function widthOf(font: PDFFont, text: string, size: number): number {
  const file = fontFiles.get(font);
  if (!file) return font.widthOfTextAtSize(text, size);
  let cache = widthCaches.get(file);
  if (!cache) widthCaches.set(file, (cache = new Map()));
  let width = cache.get(text);
  if (width === undefined) {
    if (cache.size >= WIDTH_CACHE_LIMIT) cache.clear();
    width = font.widthOfTextAtSize(text, 1);
    cache.set(text, width);
  }
  return width * size;
}

/** Breaks text into lines no wider than `width`; a word wider than a line is split. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const hardLine of text.split('\n')) {
    let line = '';
    for (const word of hardLine.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(font, candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (widthOf(font, rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && widthOf(font, rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

function formatDate(date: Date, locale: Locale): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_TAG[locale], {
      timeZone: 'Europe/Helsinki',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
    });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

class LetterWriter {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly input: LetterInput,
    private readonly labels: LetterLabels,
    private readonly logo: Awaited<ReturnType<PDFDocument['embedPng']>> | undefined,
  ) {}

  private get textWidth() {
    return PAGE.width - MARGIN.left - MARGIN.right;
  }

  newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.drawLetterhead();
    this.drawFooter();
    this.y = this.pages.length === 1 ? PAGE.height - 95 * MM : PAGE.height - 50 * MM;
  }

  private drawLetterhead() {
    const { organisation, documentKind, caseNumber, date, locale } = this.input;
    const top = PAGE.height - MARGIN.top - 12;
    this.page.drawText(organisation.name, {
      x: MARGIN.left,
      y: top,
      size: 12,
      font: this.fonts.bold,
      color: TEXT,
    });
    if (organisation.unit) {
      this.page.drawText(organisation.unit, {
        x: MARGIN.left,
        y: top - 15,
        size: 10,
        font: this.fonts.regular,
        color: TEXT,
      });
    }
    if (this.logo) {
      const scaled = this.logo.scaleToFit(30 * MM, 15 * MM);
      this.page.drawImage(this.logo, {
        x: PAGE.width - MARGIN.right - scaled.width,
        y: PAGE.height - MARGIN.top - scaled.height + 4,
        ...scaled,
      });
    }
    const rightLines: [string, PDFFont][] = [];
    if (documentKind) rightLines.push([documentKind, this.fonts.bold]);
    rightLines.push([`${this.labels.date}: ${formatDate(date, locale)}`, this.fonts.regular]);
    if (caseNumber)
      rightLines.push([`${this.labels.caseNumber}: ${caseNumber}`, this.fonts.regular]);
    rightLines.forEach(([text, font], index) => {
      this.page.drawText(text, {
        x: RIGHT_COLUMN,
        y: top - 28 - index * 13,
        size: 10,
        font,
        color: TEXT,
      });
    });
    const [r, g, b] = organisation.accentColor ?? [0.2, 0.2, 0.2];
    const ruleY = top - 32 - rightLines.length * 13;
    this.page.drawLine({
      start: { x: MARGIN.left, y: ruleY },
      end: { x: PAGE.width - MARGIN.right, y: ruleY },
      thickness: 0.8,
      color: rgb(r, g, b),
    });
  }

  private drawFooter() {
    const { organisation } = this.input;
    this.page.drawLine({
      start: { x: MARGIN.left, y: FOOTER_TOP },
      end: { x: PAGE.width - MARGIN.right, y: FOOTER_TOP },
      thickness: 0.5,
      color: MUTED,
    });
    const columns = [
      [organisation.name, ...organisation.addressLines],
      organisation.contactLines ?? [],
      organisation.registrationLines ?? [],
    ];
    const columnWidth = this.textWidth / 3;
    columns.forEach((lines, column) => {
      lines.forEach((line, index) => {
        this.page.drawText(line, {
          x: MARGIN.left + column * columnWidth,
          y: FOOTER_TOP - 11 - index * 10,
          size: 8,
          font: this.fonts.regular,
          color: MUTED,
        });
      });
    });
  }

  private ensureSpace(height: number) {
    if (this.y - height < MARGIN.bottom + 10) this.newPage();
  }

  recipient(recipient: LetterRecipient) {
    let y = PAGE.height - 50 * MM;
    for (const line of [recipient.name, ...recipient.addressLines]) {
      this.page.drawText(line, {
        x: MARGIN.left,
        y,
        size: 11,
        font: this.fonts.regular,
        color: TEXT,
      });
      y -= 14;
    }
  }

  heading(text: string) {
    for (const line of wrap(text, this.fonts.bold, 13, this.textWidth)) {
      this.ensureSpace(18);
      this.page.drawText(line, {
        x: MARGIN.left,
        y: this.y,
        size: 13,
        font: this.fonts.bold,
        color: TEXT,
      });
      this.y -= 18;
    }
    this.y -= BODY.paragraphGap;
  }

  subheading(text: string) {
    // Keep a heading together with the first lines of its section.
    this.ensureSpace(BODY.leading * 3);
    for (const line of wrap(text, this.fonts.bold, BODY.size, this.textWidth)) {
      this.page.drawText(line, {
        x: MARGIN.left,
        y: this.y,
        size: BODY.size,
        font: this.fonts.bold,
        color: TEXT,
      });
      this.y -= BODY.leading;
    }
    this.y -= BODY.paragraphGap / 2;
  }

  section(section: LetterSection) {
    this.subheading(section.heading);
    for (const paragraph of section.paragraphs) this.paragraph(paragraph);
  }

  paragraph(text: string, font = this.fonts.regular) {
    for (const line of wrap(text, font, BODY.size, this.textWidth)) {
      this.ensureSpace(BODY.leading);
      this.page.drawText(line, { x: MARGIN.left, y: this.y, size: BODY.size, font, color: TEXT });
      this.y -= BODY.leading;
    }
    this.y -= BODY.paragraphGap;
  }

  pageNumbers() {
    const pages = this.pages.length;
    this.pages.forEach((page, index) => {
      const text = this.labels.page
        .replace('{page}', String(index + 1))
        .replace('{pages}', String(pages));
      const width = widthOf(this.fonts.regular, text, 10);
      page.drawText(text, {
        x: PAGE.width - MARGIN.right - width,
        y: PAGE.height - MARGIN.top - 12 - (this.logo ? 16 * MM : 0),
        size: 10,
        font: this.fonts.regular,
        color: TEXT,
      });
    });
  }
}

/**
 * pdf-lib compresses embedded streams (the font subsets, their ToUnicode maps) with pako, in
 * JavaScript: about a tenth of a letter's CPU time. Node's zlib writes the same zlib format
 * (same default level) natively. Only this document's context is changed.
 */
function compressNatively(doc: PDFDocument) {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(
      deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents),
      { ...dict, Filter: 'FlateDecode' },
    );
}

/** Lays out the letter into a new pdf-lib document (not yet saved), e.g. to sign it. */
export async function buildLetterDocument(input: LetterInput): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  compressNatively(doc);
  doc.registerFontkit(sharedFontkit);
  const bytes = await loadFontBytes();
  const fonts = {
    regular: await doc.embedFont(bytes.regular, { subset: true }),
    bold: await doc.embedFont(bytes.bold, { subset: true }),
  };
  fontFiles.set(fonts.regular, bytes.regular);
  fontFiles.set(fonts.bold, bytes.bold);
  const logo = input.organisation.logoPng
    ? await doc.embedPng(input.organisation.logoPng)
    : undefined;
  const labels = { ...DEFAULT_LABELS[input.locale], ...input.organisation.labels?.[input.locale] };
  const writer = new LetterWriter(doc, fonts, input, labels, logo);

  writer.newPage();
  if (input.recipient) writer.recipient(input.recipient);
  writer.heading(input.title);
  for (const paragraph of input.paragraphs) writer.paragraph(paragraph);
  for (const section of input.sections ?? []) writer.section(section);
  if (input.signatory) {
    writer.paragraph(
      [input.signatory.name, input.signatory.title].filter(Boolean).join('\n'),
      fonts.regular,
    );
  }
  for (const appendix of input.appendices ?? []) {
    writer.newPage();
    writer.section(appendix);
  }
  writer.pageNumbers();

  applyPdfAMetadata(doc, {
    title: input.title,
    language: INTL_TAG[input.locale],
    createdAt: new Date(),
    author: input.organisation.name,
    creatorTool: 'sosiaali-asiointi',
    producer: 'sosiaali-asiointi (pdf-lib)',
  });
  return doc;
}

/** Renders an unsigned letter to PDF bytes. */
export async function renderLetter(input: LetterInput): Promise<Uint8Array> {
  const doc = await buildLetterDocument(input);
  return doc.save({ useObjectStreams: false });
}
