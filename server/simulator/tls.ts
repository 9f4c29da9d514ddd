import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A CA and a server certificate signed by it, all PEM. The server certificate is valid for `hosts`. */
export interface SimTls {
  caPem: string;
  /** The CA's private key: it signs client certificates (issueClientCert). */
  caKeyPem: string;
  certPem: string;
  keyPem: string;
}

/** A client certificate and its private key (PEM), as a kubeconfig's client-certificate-data / client-key-data hold them. */
export interface ClientCert {
  certPem: string;
  keyPem: string;
}

// Keys come from node:crypto (native, milliseconds); node-forge only builds
// and signs the X.509 structures, which node:crypto cannot do.
function rsaKey(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive, 16 bytes: the top bit cleared so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
}

/**
 * Generates a throw-away CA (like kubeadm's cluster CA) and a serving
 * certificate for the simulated API servers, valid for 127.0.0.1, ::1 and
 * localhost unless other hosts are given.
 */
export function createSimTls(hosts: readonly string[] = ['127.0.0.1', '::1', 'localhost']): SimTls {
  const caKeys = rsaKey();
  const caPrivate = forge.pki.privateKeyFromPem(caKeys.privatePem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicPem);
  ca.serialNumber = serial();
  validity(ca, 3650);
  const caSubject = [{ name: 'commonName', value: 'fleetscope-simulator-ca' }];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caPrivate, forge.md.sha256.create());

  const serverKeys = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(serverKeys.publicPem);
  cert.serialNumber = serial();
  validity(cert, 365);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caPrivate, forge.md.sha256.create());

  return { caPem: forge.pki.certificateToPem(ca), caKeyPem: caKeys.privatePem, certPem: forge.pki.certificateToPem(cert), keyPem: serverKeys.privatePem };
}

/**
 * A client certificate signed by the CA, the way kubeadm makes the admin's:
 * the subject's CN is the user name and each O a group (what kube-apiserver's
 * x509 authenticator reads), extended key usage clientAuth.
 */
export function issueClientCert(tls: SimTls, user: string, groups: readonly string[] = [], days = 365): ClientCert {
  const ca = forge.pki.certificateFromPem(tls.caPem);
  const keys = rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  validity(cert, days);
  cert.setSubject([...groups.map((g) => ({ name: 'organizationName', value: g })), { name: 'commonName', value: user }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(tls.caKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}
