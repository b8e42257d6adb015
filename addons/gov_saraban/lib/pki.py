"""A small X.509 toolkit: certificate authorities, signer and timestamp certificates, CRLs
and PKCS#12 files.

Used for the demo (a CA and signer certificates clearly named DEMO) and by the tests (a test
PKI with revoked, expired and unknown signers). Real agencies upload the certificates their
certificate authority issued.
"""
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_SIZE = 2048


def _name(common_name, organisation=None):
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "TH")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _now():
    return datetime.datetime.utcnow().replace(microsecond=0)


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def make_ca(common_name, organisation=None, days=3650, key=None):
    """(key, certificate) of a self-signed root certificate authority."""
    key = key or new_key()
    name = _name(common_name, organisation)
    now = _now()
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256()))
    return key, certificate


def make_certificate(ca_key, ca_certificate, common_name, organisation=None, days=730, valid_from=None,
                     timestamping=False, key=None, crl_url=None):
    """(key, certificate) issued by the CA: a signer's (digital signature and non-repudiation)
    or, with ``timestamping``, a timestamp authority's. ``valid_from`` (a datetime) back-dates it,
    so an already expired certificate can be made. ``crl_url`` is where the CA publishes its
    revocation list: a verifier checks revocation only for certificates that declare one."""
    key = key or new_key()
    start = valid_from or (_now() - datetime.timedelta(days=1))
    builder = (
        x509.CertificateBuilder().subject_name(_name(common_name, organisation))
        .issuer_name(ca_certificate.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if crl_url:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(crl_url)], relative_name=None, reasons=None,
            crl_issuer=None)]), critical=False)
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True).add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False), critical=True)
    return key, builder.sign(ca_key, hashes.SHA256())


def make_crl(ca_key, ca_certificate, revoked_certificates=(), days=30):
    """A CRL of the CA listing the given certificates as revoked (DER bytes)."""
    now = _now()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_certificate.subject)
               .last_update(now - datetime.timedelta(minutes=5)).next_update(now + datetime.timedelta(days=days))
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False)
               .add_extension(x509.CRLNumber(1), critical=False))
    for certificate in revoked_certificates:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(certificate.serial_number)
            .revocation_date(now - datetime.timedelta(minutes=10)).build())
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def to_pkcs12(key, certificate, chain=(), passphrase="", friendly_name=None):
    """PKCS#12 bytes of a key with its certificate and chain, protected by ``passphrase``."""
    encryption = (serialization.BestAvailableEncryption(passphrase.encode("utf-8")) if passphrase
                  else serialization.NoEncryption())
    name = (friendly_name or certificate.subject.rfc4514_string()).encode("utf-8")
    return pkcs12.serialize_key_and_certificates(name, key, certificate, list(chain) or None, encryption)


def pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


def der(certificate):
    return certificate.public_bytes(serialization.Encoding.DER)


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def key_der(key):
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
