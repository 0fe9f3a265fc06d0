import fs from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { authorize, requireUser } from '../auth/policy.ts';
import { InvalidInput, Unavailable } from '../lib/errors.ts';
import { loadMeetingAccess } from './access.ts';
import { contentDisposition, deleteMeetingFile, filesDir, findMeetingFile, MAX_FILE_BYTES, saveMeetingFile } from './files.ts';
import { meetingFiles } from './schema.ts';
import { FileSchema, MeetingIdParams } from './schemas.ts';
import { fileView } from './views.ts';

const FileParams = Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) });

/** Documents for attendees. Multipart parsing is registered here only, for these routes. */
const fileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 } });

  app.post('/api/meetings/:id/files', {
    schema: {
      tags: ['meetings'], summary: `Attach a document (pdf, docx, xlsx, pptx, png, jpg; up to ${MAX_FILE_BYTES / 1024 / 1024} MB) as multipart field "file"`,
      consumes: ['multipart/form-data'], params: MeetingIdParams, response: { 201: FileSchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request.user);
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, user, 'meeting:manage', resource);
    if (!request.isMultipart()) throw new InvalidInput('Cần gửi tệp dạng multipart/form-data (trường "file"). / Send the file as multipart/form-data (field "file").');
    const upload = await request.file();
    if (!upload) throw new InvalidInput('Không có tệp nào được gửi. / No file was sent.');
    const row = await saveMeetingFile(app.db, app.config.DATA_DIR, meeting, upload, user.id);
    return reply.status(201).send(fileView(row));
  });

  app.get('/api/meetings/:id/files', {
    schema: { tags: ['meetings'], summary: "A meeting's documents", params: MeetingIdParams, response: { 200: Type.Object({ items: Type.Array(FileSchema) }) } },
  }, async (request) => {
    const { resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, request.user, 'meeting:read', resource);
    const rows = await app.db.select().from(meetingFiles).where(eq(meetingFiles.meetingId, request.params.id)).orderBy(asc(meetingFiles.uploadedAt));
    return { items: rows.map(fileView) };
  });

  app.get('/api/meetings/:id/files/:fileId', {
    schema: {
      tags: ['meetings'], summary: 'Download a document with its type and name', params: FileParams,
      produces: ['application/octet-stream'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const { resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, request.user, 'meeting:read', resource);
    const row = await findMeetingFile(app.db, request.params.id, request.params.fileId);
    const file = path.join(filesDir(app.config.DATA_DIR), row.sha256);
    // The record outlived its bytes (a restored database without its files): say so plainly.
    if (!fs.existsSync(file)) throw new Unavailable('Tệp tài liệu không còn trên máy chủ. / The document file is missing on the server.');
    const stream = fs.createReadStream(file);
    return reply
      .type(row.contentType)
      .header('content-length', row.size)
      .header('content-disposition', contentDisposition('attachment', row.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${row.sha256}"`)
      .send(stream);
  });

  app.delete('/api/meetings/:id/files/:fileId', {
    schema: { tags: ['meetings'], summary: 'Remove a document while the meeting is a draft', params: FileParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const user = requireUser(request.user);
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, user, 'meeting:manage', resource);
    await deleteMeetingFile(app.db, app.config.DATA_DIR, meeting, request.params.fileId);
    return reply.status(204).send(null);
  });
};

export default fileRoutes;
