import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** Who a certificate names: a person (name, body, unit) or the deployment's CA. */
export interface SubjectInfo {
  commonName: string;
  organization?: string | undefined;
  organizationalUnit?: string | undefined;
  title?: string | undefined;
}

export interface KeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** RSA 2048 from Node's own crypto (native, tens of milliseconds; forge's would take seconds). */
export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
/** A UTF8String attribute (forge's typings call valueTagClass a class, but it is the string type). */
const utf8Field = (key: { shortName: string } | { name: string }, value: string) =>
  ({ ...key, value: value.normalize('NFC'), valueTagClass: forge.asn1.Type.UTF8 }) as unknown as forge.pki.CertificateField;

function attributes(s: SubjectInfo): forge.pki.CertificateField[] {
  const out: forge.pki.CertificateField[] = [{ shortName: 'C', value: 'VN' }];
  if (s.organization) out.push(utf8Field({ shortName: 'O' }, s.organization));
  if (s.organizationalUnit) out.push(utf8Field({ shortName: 'OU' }, s.organizationalUnit));
  if (s.title) out.push(utf8Field({ name: 'title' }, s.title));
  out.push(utf8Field({ shortName: 'CN' }, s.commonName));
  return out;
}

function baseCertificate(publicKeyPem: string, subject: SubjectInfo, notBefore: Date, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // A positive 128-bit serial (the top bit cleared so DER needs no sign byte games).
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  // A minute of leeway for clocks that disagree a little.
  cert.validity.notBefore = new Date(notBefore.getTime() - 60_000);
  cert.validity.notAfter = new Date(notBefore.getTime() + years * YEAR_MS);
  cert.setSubject(attributes(subject));
  return cert;
}

/** The deployment's own root: signs the signers' certificates, nothing else. */
export function createCaCertificate(keys: KeyPair, subject: SubjectInfo, now = new Date()): string {
  const cert = baseCertificate(keys.publicKeyPem, subject, now, 20);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A signer's certificate from the CA: for signatures and non-repudiation only, valid `years`. */
export function issueCertificate(ca: { certPem: string; privateKeyPem: string }, publicKeyPem: string, subject: SubjectInfo, now = new Date(), years = 3): string {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = baseCertificate(publicKeyPem, subject, now, years);
  // forge reads UTF8String values as UTF-8 bytes and would encode them again on the way out.
  cert.setIssuer(caCert.subject.attributes.map((a) =>
    a.valueTagClass === (forge.asn1.Type.UTF8 as unknown) ? { ...a, value: forge.util.decodeUtf8(a.value as string) } : a));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(new X509Certificate(pem).raw);
}
