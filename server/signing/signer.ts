import { X509Certificate } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { credentialFor, loadOrCreateAuthority, type Authority } from './authority.ts';
import type { SigningCredential } from './cms.ts';
import { signPdf, type SignatureField } from './pdf-signature.ts';
import type { KeyVault } from './secret.ts';

/** Who signs: what the certificate and the visible block say about them. */
export interface SignerIdentity {
  userId: string;
  fullName: string;
  /** Chức vụ, e.g. "Phó Chủ tịch". */
  position: string;
  /** The body they sign for, e.g. "Ủy ban nhân dân tỉnh Hà Tĩnh". */
  bodyName: string;
  /** Its administrative unit, e.g. "Tỉnh Hà Tĩnh". */
  unitName: string;
}

/**
 * THE signing seam. The workflows (minutes, conclusion notices, invitations) call only this;
 * the built-in implementation below uses the deployment's own CA, and a government CA token
 * (PKCS#11) or a remote-signing service can take its place by implementing the same two
 * methods — typically by handing `signPdf` a SigningCredential of its own.
 */
export interface DocumentSigner {
  /** The PDF with one more signature, appended as an incremental update (earlier ones stay valid). */
  sign(pdf: Buffer, identity: SignerIdentity, field: SignatureField): Promise<Buffer>;
  /** CA certificates whose signers' signatures count as trusted here. */
  trustAnchors(): readonly X509Certificate[];
}

/**
 * The built-in signer: a CA created at the deployment's first start issues each person a
 * certificate on their first signature (subject: name, position, body, unit); all private
 * keys are kept encrypted with SIGNING_KEY_SECRET.
 */
export class DeploymentCaSigner implements DocumentSigner {
  private readonly db: Db;
  private readonly vault: KeyVault;
  private readonly authority: Authority;
  private readonly anchor: X509Certificate;
  private constructor(
    db: Db,
    vault: KeyVault,
    authority: Authority,
    anchor: X509Certificate,
  ) {
    this.db = db;
    this.vault = vault;
    this.authority = authority;
    this.anchor = anchor;
  }

  static async open(db: Db, vault: KeyVault, deploymentName: string): Promise<DeploymentCaSigner> {
    const authority = await loadOrCreateAuthority(db, vault, deploymentName);
    return new DeploymentCaSigner(db, vault, authority, new X509Certificate(authority.certificatePem));
  }

  credential(identity: SignerIdentity): Promise<SigningCredential> {
    return credentialFor(this.db, this.vault, this.authority, identity.userId, {
      commonName: identity.fullName,
      title: identity.position || undefined,
      organization: identity.bodyName,
      organizationalUnit: identity.unitName,
    });
  }

  async sign(pdf: Buffer, identity: SignerIdentity, field: SignatureField): Promise<Buffer> {
    return signPdf(pdf, identity.fullName, await this.credential(identity), field);
  }

  trustAnchors(): readonly X509Certificate[] {
    return [this.anchor];
  }
}
