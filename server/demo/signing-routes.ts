import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access-log/plugin.ts';
import { requireUser } from '../auth/policy.ts';
import { renderInvitationLayout } from '../documents/giay-moi.ts';
import { issueDocument } from '../documents/numbering.ts';
import { identityOf } from '../signing/plugin.ts';

const DAY = 24 * 3600 * 1000;

/**
 * Demo only (DEMO_DATA): a sample Giấy mời, numbered in the register and signed by the
 * signed-in user with their body's seal, to try the verify page with (by file or number).
 * The minutes and notices workflows call app.signing.signDocument the same way.
 */
const demoSigningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  if (!app.config.DEMO_DATA) return;
  app.post('/api/demo/signed-invitation', {
    // Each call issues a number and signs (a second of CPU): a few a minute is plenty for a demo.
    // Counted per account (the session is resolved before route hooks run), per address when signed out.
    config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (request) => request.user?.id ?? request.ip } },
    schema: {
      tags: ['demo'], summary: 'Issue and sign a sample Giấy mời as the signed-in user (demo data only); answers the signed PDF',
      produces: ['application/pdf'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const user = requireUser(request.user);
    const issuedAt = new Date();
    const summary = 'Dự Hội nghị trực tuyến giao ban công tác (mẫu ký số)';
    const issued = await issueDocument(app.db, { bodyId: user.body.id, type: 'GM', subject: summary, signer: { position: user.position, fullName: user.fullName }, issuedAt });
    const { pdf, signatureBox } = await renderInvitationLayout({
      issuingBody: user.body.name,
      number: issued.formatted,
      place: user.unit.shortName,
      issuedAt,
      summary,
      invitees: ['Chủ tịch Ủy ban nhân dân các xã, phường thuộc tỉnh.'],
      meetingTitle: 'Hội nghị trực tuyến giao ban công tác (văn bản mẫu để thử ký số)',
      chair: `Đồng chí ${user.fullName}, ${user.position}`,
      startsAt: new Date(issuedAt.getTime() + 7 * DAY),
      endsAt: new Date(issuedAt.getTime() + 7 * DAY + 3 * 3600 * 1000),
      venue: `Phòng họp trực tuyến, ${user.body.name}`,
      agenda: [{ title: 'Kiểm tra chữ ký số trên văn bản điện tử' }],
      notes: ['Văn bản mẫu của bản trình diễn, không có giá trị thi hành.'],
      recipients: ['Như trên;'],
      archiveUnit: user.body.symbol,
      signer: { position: user.position, fullName: user.fullName },
    });
    const signed = await app.signing.signDocument({
      documentId: issued.id,
      pdf,
      identity: identityOf(user),
      field: { page: signatureBox.page, rect: signatureBox, sealOf: user.body.name, reason: 'Ký ban hành', location: user.unit.shortName },
      actor: actorOf(request),
      ip: request.ip,
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="giay-moi-${issued.number}-${issued.year}.pdf"`)
      .header('x-document-number', issued.formatted)
      .send(signed.pdf);
  });
};

export default demoSigningRoutes;
