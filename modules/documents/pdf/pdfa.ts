// PDF/A-2b identification for generated documents: XMP metadata, matching Info dictionary,
// sRGB output intent and a trailer ID. pdf-lib writes none of these by itself.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { srgbIccProfile } from './srgb-icc';

export interface PdfAMetadata {
  title: string;
  /** BCP 47 tag, e.g. `fi-FI`. */
  language: string;
  createdAt: Date;
  author?: string;
  subject?: string;
  creatorTool: string;
  producer: string;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** XMP dates must equal the Info dates, which carry whole seconds. */
function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function xmpPacket(meta: PdfAMetadata): string {
  const created = xmpDate(meta.createdAt);
  const author = meta.author
    ? `<dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>`
    : '';
  const subject = meta.subject
    ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.subject)}</rdf:li></rdf:Alt></dc:description>`
    : '';
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>${escapeXml(meta.language)}</rdf:li></rdf:Bag></dc:language>
${author}${subject}
<xmp:CreateDate>${created}</xmp:CreateDate>
<xmp:ModifyDate>${created}</xmp:ModifyDate>
<xmp:MetadataDate>${created}</xmp:MetadataDate>
<xmp:CreatorTool>${escapeXml(meta.creatorTool)}</xmp:CreatorTool>
<pdf:Producer>${escapeXml(meta.producer)}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

let iccCompressed: Uint8Array | undefined;

/** Call on a document created with `{ updateMetadata: false }`, before saving. */
export function applyPdfAMetadata(doc: PDFDocument, meta: PdfAMetadata): void {
  const createdAt = new Date(Math.floor(meta.createdAt.getTime() / 1000) * 1000);
  const fixed = { ...meta, createdAt };
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setLanguage(meta.language);
  doc.setCreator(meta.creatorTool);
  doc.setProducer(meta.producer);
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);

  const context = doc.context;
  const xmp = context.stream(new TextEncoder().encode(xmpPacket(fixed)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), context.register(xmp));

  // The same profile in every document: built and compressed once per process.
  iccCompressed ??= deflateSync(srgbIccProfile());
  const icc = context.stream(iccCompressed, { N: 3, Filter: 'FlateDecode' });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: context.register(icc),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  // PDF/A requires a file identifier in the trailer.
  const id = randomBytes(16).toString('hex');
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}
