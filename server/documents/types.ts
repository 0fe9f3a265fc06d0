/**
 * Type abbreviations of administrative documents (NĐ 30/2020/NĐ-CP, Phụ lục III).
 * The one a document carries goes first in its symbol: "07/GM-UBND".
 */
export const documentTypes = [
  'NQ', // Nghị quyết
  'QĐ', // Quyết định
  'CT', // Chỉ thị
  'QC', // Quy chế
  'QYĐ', // Quy định
  'TC', // Thông cáo
  'TB', // Thông báo
  'HD', // Hướng dẫn
  'CTr', // Chương trình
  'KH', // Kế hoạch
  'PA', // Phương án
  'ĐA', // Đề án
  'DA', // Dự án
  'BC', // Báo cáo
  'BB', // Biên bản
  'TTr', // Tờ trình
  'HĐ', // Hợp đồng
  'CĐ', // Công điện
  'GN', // Bản ghi nhớ
  'TTh', // Bản thỏa thuận
  'GUQ', // Giấy ủy quyền
  'GM', // Giấy mời
  'GGT', // Giấy giới thiệu
  'GNP', // Giấy nghỉ phép
  'PG', // Phiếu gửi
  'PC', // Phiếu chuyển
  'PB', // Phiếu báo
] as const;
export type DocumentType = (typeof documentTypes)[number];

/** Mức độ khẩn (NĐ 30/2020, Phụ lục I). */
export const documentPriorities = ['Thường', 'Khẩn', 'Thượng khẩn', 'Hỏa tốc'] as const;
export type DocumentPriority = (typeof documentPriorities)[number];

/** State bodies' documents follow NĐ 30/2020; Party committees' follow Hướng dẫn 36-HD/VPTW. */
export type DocumentHeading = 'state' | 'party';

/** Who signs and in what capacity. */
export interface Signer {
  /** Position as printed above the name, e.g. "Phó Chủ tịch", "Chánh Văn phòng". */
  position: string;
  fullName: string;
}

/**
 * Metadata kept for every issued document, named as in NĐ 30 Phụ lục VI and the edXML
 * header (QCVN 102:2016) so an export can copy them across unchanged.
 */
export interface DocumentMetadata {
  /** The number as printed, zero-padded: "07". */
  CodeNumber: string;
  /** Ký hiệu: "GM-UBND". */
  CodeNotation: string;
  /** Date of issue in Vietnam, yyyy-MM-dd. */
  IssuedDate: string;
  /** Date and time of issue with Vietnam's offset (ISO 8601, +07:00). */
  IssuedAt: string;
  OrganName: string;
  /** 13-character agency ID of the issuing body (e.g. 000.00.00.H49), when known. */
  OrganId: string | null;
  Subject: string;
  SignerInfo: { Position: string; FullName: string };
  /** Recipients' agency IDs. */
  OrganIds: string[];
  Priority: DocumentPriority;
  /** Deadline for handling, yyyy-MM-dd, if any. */
  DueDate: string | null;
}

/** Prefix of an authority line in the signer block (NĐ 30 Phụ lục I, mục 8). */
export type SignerAuthorityPrefix = 'TM.' | 'KT.' | 'Q.' | 'TL.' | 'TUQ.';

export interface InvitationAgendaItem {
  title: string;
  /** Who presents it, e.g. "Sở Nội vụ". */
  presenter?: string;
}

/**
 * Everything printed on a Giấy mời (NĐ 30/2020, Phụ lục III, Mẫu 1.7). Text is given as it
 * should read (the renderer upper-cases the header and signer lines itself); instants are
 * Dates and are shown in Vietnam time.
 */
export interface InvitationDocData {
  /** Which format the body uses; state (NĐ 30) unless told. */
  heading?: DocumentHeading;
  /** Mức độ khẩn: anything but 'Thường' is printed as a boxed mark under the number. */
  priority?: DocumentPriority;
  /** Cơ quan chủ quản, e.g. "UBND tỉnh Hà Tĩnh" above "Văn phòng" (a Party committee: "Đảng bộ tỉnh Hà Tĩnh"); omitted for a top-level body. */
  parentBody?: string;
  /** Cơ quan ban hành, e.g. "Ủy ban nhân dân tỉnh Hà Tĩnh". */
  issuingBody: string;
  /** Number and symbol as issued: "07/GM-UBND" (printed "Số: 07/GM-UBND"), a Party committee's "07-GM/TU" ("Số 07-GM/TU"). */
  number: string;
  /** Place name for the date line: the province (or commune) name, e.g. "Hà Tĩnh". */
  place: string;
  issuedAt: Date;
  /** Trích yếu, printed bold under "GIẤY MỜI", e.g. "Dự Hội nghị trực tuyến giao ban công tác tháng 01/2027". */
  summary: string;
  /** Who issues the invitation in the body line; defaults to issuingBody. */
  inviter?: string;
  /** "… trân trọng kính mời:" — one line per invitee (a body, a position or a group). */
  invitees: string[];
  /** The meeting's title (the PDF's subject). */
  meetingTitle: string;
  /** "Tới dự: …": what the invitee comes to, e.g. "Cuộc họp giao ban theo hình thức trực tuyến"; the title when absent. */
  attending?: string;
  /** "Chủ trì: …", name and position, e.g. "Đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh". */
  chair: string;
  startsAt: Date;
  endsAt: Date;
  /** "Địa điểm: …", the host room, e.g. "Phòng họp số 1, UBND tỉnh". */
  venue: string;
  /** For online meetings, the điểm cầu line, e.g. "Trực tuyến từ điểm cầu UBND tỉnh đến điểm cầu các xã, phường". */
  onlinePoints?: string;
  /** Printed as a numbered list under "Nội dung:". */
  agenda: InvitationAgendaItem[];
  /** What attendees must prepare, one item each, printed under "Đề nghị các đại biểu chuẩn bị". */
  preparation?: string[];
  /** Other paragraphs (contacts, the reason for an urgent meeting…), one each, after everything else. */
  notes: string[];
  /** "Nơi nhận:" lines without the leading "- " (e.g. "Như trên;", "Chủ tịch, các PCT UBND tỉnh;"). */
  recipients: string[];
  /** Drafting unit for the closing "- Lưu: VT, <unit>." line, e.g. "KGVX". */
  archiveUnit: string;
  signer: {
    /** Authority lines above the position, e.g. [{ prefix: 'TM.', of: 'Ủy ban nhân dân' }, { prefix: 'KT.', of: 'Chủ tịch' }]. */
    authority?: { prefix: SignerAuthorityPrefix; of: string }[];
    /** e.g. "Phó Chủ tịch" (printed upper case). */
    position: string;
    fullName: string;
  };
}
