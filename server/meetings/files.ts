import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { Conflict, InvalidInput, NotFound, TooLarge } from '../lib/errors.ts';
import { meetingFiles } from './schema.ts';
import type { MeetingRow } from './schema.ts';
import type { FileRow } from './views.ts';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Accepted documents: by extension, each with the bytes its content must start with. */
const accepted: Record<string, { type: string; magic: number[][] }> = {
  pdf: { type: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  pptx: { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  png: { type: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  jpg: { type: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { type: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
};
const acceptedList = Object.keys(accepted).join(', ');

export function filesDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}

/** A display name without directories or control characters. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it removes
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(-200) || 'tai-lieu';
}

export class FileTooLarge extends TooLarge {
  constructor() {
    super(`Tệp quá lớn (tối đa ${MAX_FILE_BYTES / 1024 / 1024} MB). / File too large (max ${MAX_FILE_BYTES / 1024 / 1024} MB).`);
  }
}

const uploadable: ReadonlySet<MeetingRow['status']> = new Set(['draft', 'invited', 'postponed']);

/**
 * Stores an upload content-addressed (DATA_DIR/files/<sha256>): streamed to a temporary
 * file while hashing, checked (extension and leading bytes must agree), then renamed into
 * place. Identical content is stored once however often it is attached.
 */
export async function saveMeetingFile(db: Db, dataDir: string, meeting: MeetingRow, upload: { filename: string; file: Readable & { truncated?: boolean } }, userId: string): Promise<FileRow> {
  if (!uploadable.has(meeting.status)) throw new Conflict('Cuộc họp đã diễn ra hoặc đã hủy: không thêm tài liệu được. / Documents can no longer be added to this meeting.');
  const fileName = cleanName(upload.filename);
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const kind = accepted[ext];
  if (!kind) {
    upload.file.resume();
    throw new InvalidInput(`Loại tệp ".${ext}" không được nhận (chỉ nhận: ${acceptedList}). / File type not accepted (accepted: ${acceptedList}).`);
  }
  const dir = filesDir(dataDir);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.upload-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  try {
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8)]);
        done(null, chunk);
      },
    });
    await pipeline(upload.file, measure, fs.createWriteStream(temp));
    if (upload.file.truncated) throw new FileTooLarge();
    if (size === 0) throw new InvalidInput('Tệp rỗng. / The file is empty.');
    if (!kind.magic.some((m) => m.every((byte, i) => head[i] === byte))) {
      throw new InvalidInput(`Nội dung tệp không phải ${ext.toUpperCase()}. / The content is not a ${ext.toUpperCase()} file.`);
    }
    const sha256 = hash.digest('hex');
    await fs.promises.rename(temp, path.join(dir, sha256));
    return one(await db.insert(meetingFiles).values({ meetingId: meeting.id, fileName, contentType: kind.type, size, sha256, uploadedBy: userId }).returning());
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLarge();
    throw err;
  }
}

export async function findMeetingFile(db: Db, meetingId: string, fileId: string): Promise<FileRow> {
  const [row] = await db.select().from(meetingFiles).where(and(eq(meetingFiles.meetingId, meetingId), eq(meetingFiles.id, fileId)));
  if (!row) throw new NotFound(`File ${fileId}`);
  return row;
}

/** Removes an attachment from a draft; the bytes go when no other attachment shares them. */
export async function deleteMeetingFile(db: Db, dataDir: string, meeting: MeetingRow, fileId: string): Promise<void> {
  if (meeting.status !== 'draft') {
    throw new Conflict('Chỉ xóa được tài liệu khi cuộc họp còn là dự thảo. / Documents can only be removed while the meeting is a draft.');
  }
  const row = await findMeetingFile(db, meeting.id, fileId);
  await db.delete(meetingFiles).where(eq(meetingFiles.id, row.id));
  const [others] = await db.select({ n: count() }).from(meetingFiles).where(eq(meetingFiles.sha256, row.sha256));
  if ((others?.n ?? 0) === 0) await fs.promises.rm(path.join(filesDir(dataDir), row.sha256), { force: true });
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string, asciiName?: string): string {
  const ascii = (asciiName ?? fileName).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
