import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody } from './error-body.ts';
import { DomainError, statusOf, type ErrorCode } from './errors.ts';

/** The code of a 4xx that Fastify or a plugin raised itself (413 body too large, 429 rate limit…). */
function codeOfStatus(status: number): ErrorCode {
  const found = (Object.keys(statusOf) as ErrorCode[]).find((code) => statusOf[code] === status);
  return found ?? 'invalid_input';
}

/**
 * A body that is not the multipart it says it is (cut short, a boundary that never comes):
 * @fastify/multipart's parser (busboy) rejects it with a plain Error, which is the sender's
 * fault, not the server's.
 */
function fromMultipartParser(err: Error): boolean {
  return /[\\/]@fastify[\\/]busboy[\\/]/.test(err.stack ?? '');
}

/** The one place where errors become HTTP responses. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, request, reply) => {
    if (err instanceof DomainError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
      return reply.status(statusOf[err.code]).send(body);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const where = fe.validationContext ?? 'request';
      const details = fe.validation.map((v) => ({ path: v.instancePath || v.params?.['missingProperty'] || '', message: v.message }));
      return reply.status(400).send({
        error: { code: 'invalid_input', message: `Dữ liệu không hợp lệ (${where}): ${fe.message}`, details },
      } satisfies ErrorBody);
    }
    if (fromMultipartParser(err)) {
      return reply.status(400).send({
        error: { code: 'invalid_input', message: `Dữ liệu multipart/form-data không hợp lệ. / Malformed multipart/form-data body: ${err.message}` },
      } satisfies ErrorBody);
    }
    const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
    if (status === 500) {
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal', message: 'Lỗi máy chủ. / Internal server error.' } } satisfies ErrorBody);
    }
    return reply.status(status).send({ error: { code: codeOfStatus(status), message: fe.message } } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } } satisfies ErrorBody);
  });
}
