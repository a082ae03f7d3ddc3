// Letters and decisions as PDF/A-2b-style documents: organisation letterhead and texts come
// from configuration; the body text is whatever the caller passes, in fi, sv or en.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
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
    const directory = path.join(
      path.dirname(require.resolve('dejavu-fonts-ttf/package.json')),
      'ttf',
    );
    const [regular, bold] = await Promise.all([
      readFile(path.join(directory, 'DejaVuSans.ttf')),
      readFile(path.join(directory, 'DejaVuSans-Bold.ttf')),
    ]);
    return { regular, bold };
  })());
}

/** Breaks text into lines no wider than `width`; a word wider than a line is split. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const hardLine of text.split('\n')) {
    let line = '';
    for (const word of hardLine.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(date);
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
      const width = this.fonts.regular.widthOfTextAtSize(text, 10);
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

/** Lays out the letter into a new pdf-lib document (not yet saved), e.g. to sign it. */
export async function buildLetterDocument(input: LetterInput): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  // One fontkit parse per document: a parsed font shared between documents gets corrupted
  // by subsetting (glyphs went missing from later letters), so it is not cached.
  doc.registerFontkit(fontkit);
  const bytes = await loadFontBytes();
  const fonts = {
    regular: await doc.embedFont(bytes.regular, { subset: true }),
    bold: await doc.embedFont(bytes.bold, { subset: true }),
  };
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
