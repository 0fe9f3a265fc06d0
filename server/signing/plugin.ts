import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../access-log/log.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { signDocument, verifyByNumber, type RegisteredDocumentReport, type SignDocumentInput } from './documents.ts';
import { KeyVault, resolveSigningSecret } from './secret.ts';
import { DeploymentCaSigner, type DocumentSigner, type SignerIdentity } from './signer.ts';
import { verifyPdf, type VerifyReport } from './verify.ts';

export interface SigningApi {
  signer: DocumentSigner;
  /** The trusted CA certificates (PEM; the deployment CA's), for readers to import as trusted roots. */
  caCertificatePem: string;
  /** Signs a registered document (first signature on `pdf`, later ones on the kept signed copy) and logs it. */
  signDocument(input: SignDocumentInput): Promise<{ pdf: Buffer; signatureCount: number }>;
  verify(pdf: Buffer): VerifyReport;
  verifyByNumber(number: string, year?: number): Promise<RegisteredDocumentReport[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signing: SigningApi;
  }
}

/** What a signed-in user's certificate and signature block say about them. */
export function identityOf(user: SessionUser): SignerIdentity {
  return { userId: user.id, fullName: user.fullName, position: user.position, bodyName: user.body.name, unitName: user.unit.name };
}

export type { Actor, SignDocumentInput };

/**
 * Opens the deployment CA (creating it on the first start) with the keys' secret, unless
 * another DocumentSigner is handed in (a government CA token, a remote-signing service), and
 * offers signing and verification to the workflows and the verify routes.
 */
async function signingPlugin(app: FastifyInstance, options: { signer?: DocumentSigner | undefined }) {
  const signer = options.signer ?? (await DeploymentCaSigner.open(
    app.db, new KeyVault(resolveSigningSecret(app.config.SIGNING_KEY_SECRET, app.config.DATA_DIR)), app.config.SIGNING_CA_NAME,
  ));
  app.decorate('signing', {
    signer,
    caCertificatePem: signer.trustAnchors().map((c) => c.toString()).join(''),
    signDocument: (input) => signDocument(app.db, signer, app.accessLog, input),
    verify: (pdf) => verifyPdf(pdf, signer.trustAnchors()),
    verifyByNumber: (number, year) => verifyByNumber(app.db, signer, number, year),
  } satisfies SigningApi);
}

export default fp(signingPlugin, { name: 'signing', dependencies: ['database', 'access-log'] });
