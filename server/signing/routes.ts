import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access-log/plugin.ts';
import { InvalidInput, TooLarge } from '../lib/errors.ts';
import { VerifyNumberParams, VerifyNumberQuery, VerifyNumberResponse, VerifyReportSchema } from './schemas.ts';

/**
 * The public verify endpoints: anyone holding a signed PDF or its number can ask whether it
 * is genuine, without signing in. Rate-limited per address; uploads size-limited.
 */
const signingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxBytes = app.config.VERIFY_MAX_MB * 1024 * 1024;
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3 } });
  const rateLimit = { max: 30, timeWindow: '1 minute' };

  app.post('/api/verify', {
    config: { rateLimit },
    schema: {
      tags: ['signing'], summary: `Verify the signatures of a PDF sent as multipart field "file" (public; up to ${app.config.VERIFY_MAX_MB} MB)`,
      consumes: ['multipart/form-data'], response: { 200: VerifyReportSchema },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw new InvalidInput('Cần gửi tệp PDF dạng multipart/form-data (trường "file"). / Send the PDF as multipart/form-data (field "file").');
    const upload = await request.file();
    if (!upload) throw new InvalidInput('Không có tệp nào được gửi. / No file was sent.');
    const pdf = await upload.toBuffer().catch((err: unknown) => {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new TooLarge(`Tệp lớn hơn ${app.config.VERIFY_MAX_MB} MB. / The file is larger than ${app.config.VERIFY_MAX_MB} MB.`);
      }
      throw err;
    });
    return app.signing.verify(pdf);
  });

  app.get('/api/verify/:number', {
    config: { rateLimit },
    schema: {
      tags: ['signing'], summary: 'Look a document number up in the register ("07/GM-UBND", URL-encoded) and verify its signed copy (public)',
      params: VerifyNumberParams, querystring: VerifyNumberQuery, response: { 200: VerifyNumberResponse },
    },
  }, async (request) => {
    const documents = await app.signing.verifyByNumber(request.params.number, request.query.year);
    for (const doc of documents) {
      await app.accessLog.record({ actor: actorOf(request), action: 'document.verify', documentId: doc.documentId, target: doc.number, ip: request.ip, details: { valid: doc.verification?.valid ?? null } });
    }
    return { number: request.params.number, documents };
  });

  app.get('/api/signing/ca.pem', {
    schema: { tags: ['signing'], summary: "The deployment CA's certificate, to add as a trusted root in a PDF reader", produces: ['application/x-pem-file'], response: { 200: Type.String() } },
  }, async (_request, reply) => reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="hopso-ca.pem"').send(app.signing.caCertificatePem));
};

export default signingRoutes;
