import type { DocumentMetadata } from './types.ts';

/**
 * An issued document as an edXML message (QCVN 102:2016/BTTTT) for the national document
 * exchange axis: the MessageHeader filled from the register's metadata (named as the
 * standard names them), an empty TraceHeaderList for the axis to fill, and the signed PDF as
 * a base64 attachment. The official XSD was not available to validate against; the element
 * names follow the standard's text.
 */
export interface EdxmlInput {
  metadata: DocumentMetadata;
  /** Abbreviation (GM, BB, TB…) and its name. */
  type: { code: string; name: string };
  /** Place of issue as on the date line ("Hà Tĩnh"). */
  place: string;
  /** Recipients with their agency IDs where known. */
  to: { organId: string | null; organName: string }[];
  /** The issuing body's 13-character agency ID, when known. */
  organId: string | null;
  file: { name: string; contentType: string; content: Buffer };
  /** A stable message id (the document's id). */
  documentId: string;
}

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const EDXML_DOC_TYPES: Record<string, string> = { GM: 'Giấy mời', BB: 'Biên bản', TB: 'Thông báo' };

export function documentTypeName(code: string): string {
  return EDXML_DOC_TYPES[code] ?? code;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | null | undefined) => (value ? `<edXML:${name}>${escape(value)}</edXML:${name}>` : `<edXML:${name}/>`);

/** Base64 in lines of 76 characters, as MIME and most edXML readers expect. */
function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

export function buildEdxml(input: EdxmlInput): string {
  const m = input.metadata;
  const organ = (tag: string, id: string | null, name: string) => `<edXML:${tag}>${el('OrganId', id)}${el('OrganName', name)}</edXML:${tag}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">`,
    '<edXML:edXMLHeader>',
    '<edXML:MessageHeader>',
    organ('From', input.organId ?? m.OrganId, m.OrganName),
    ...input.to.map((t) => organ('To', t.organId, t.organName)),
    `<edXML:DocumentId>${escape(input.documentId)}</edXML:DocumentId>`,
    `<edXML:Code>${el('CodeNumber', m.CodeNumber)}${el('CodeNotation', m.CodeNotation)}</edXML:Code>`,
    `<edXML:PromulgationInfo>${el('Place', input.place)}${el('PromulgationDate', m.IssuedDate)}</edXML:PromulgationInfo>`,
    `<edXML:DocumentType>${el('Type', input.type.code)}${el('TypeName', input.type.name)}</edXML:DocumentType>`,
    el('Subject', m.Subject),
    `<edXML:SignerInfo>${el('Position', m.SignerInfo.Position)}${el('FullName', m.SignerInfo.FullName)}</edXML:SignerInfo>`,
    el('DueDate', m.DueDate),
    el('Priority', m.Priority),
    `<edXML:ToPlaces>${input.to.map((t) => el('Place', t.organName)).join('')}</edXML:ToPlaces>`,
    '</edXML:MessageHeader>',
    '<edXML:TraceHeaderList/>',
    '</edXML:edXMLHeader>',
    '<edXML:edXMLBody>',
    '<edXML:AttachmentEncoded>',
    `<edXML:Attachment ContentType="${escape(input.file.contentType)}" Name="${escape(input.file.name)}" Encoding="base64">`,
    base64Lines(input.file.content),
    '</edXML:Attachment>',
    '</edXML:AttachmentEncoded>',
    '</edXML:edXMLBody>',
    '</edXML:edXMLEnvelope>',
    '',
  ].join('\n');
}
