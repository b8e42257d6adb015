"""PAdES signatures of letters with pyHanko: signing with a PKCS#12 certificate and an optional
RFC 3161 timestamp, and verification against the trusted roots and CRLs of an agency.

Nothing here touches the database: the models hand in bytes and get bytes or a verdict back.
"""
import io
import logging

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers, timestamps
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

_logger = logging.getLogger(__name__)
# an unknown, expired or revoked signer is a verdict shown on the letter, not a problem of the
# server: pyHanko would log each with a traceback at WARNING level
for _name in ("pyhanko.sign.validation", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.ERROR)
FIELD_NAME = "SarabanSignature"

# verdicts, from the best to the worst
VALID = "valid"
INVALID = "invalid"
UNKNOWN_SIGNER = "unknown_signer"
EXPIRED = "expired"
REVOKED = "revoked"
UNSIGNED = "unsigned"


class PadesError(Exception):
    """Signing could not be done; ``str()`` says why, for the signer."""


def load_pkcs12(data, passphrase):
    """(private key, certificate, other certificates) of a PKCS#12 file, as ``cryptography``
    objects; PadesError when the passphrase is wrong or the file is not PKCS#12."""
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None)
    except (ValueError, TypeError):
        raise PadesError("the file is not a PKCS#12 certificate or the passphrase is wrong")
    if key is None or certificate is None:
        raise PadesError("the PKCS#12 file holds no private key with its certificate")
    return key, certificate, list(others or [])


def _asn1_certificate(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def load_certificates(data):
    """asn1crypto certificates from PEM (one or several) or DER bytes."""
    if asn1_pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _type, _headers, der in asn1_pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)]


def load_crl(data):
    if asn1_pem.detect(data):
        _type, _headers, data = asn1_pem.unarmor(data)
    return asn1_crl.CertificateList.load(data)


def sign(pdf, p12_data, passphrase, reason=None, location=None, name=None, tsa_url=None, timestamper=None):
    """The PDF bytes signed as PAdES (B-B, or B-T with a timestamp) with the PKCS#12 certificate."""
    key, certificate, others = load_pkcs12(p12_data, passphrase)
    registry = SimpleCertificateStore()
    registry.register_multiple([_asn1_certificate(other) for other in others])
    signing_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=_asn1_certificate(certificate), signing_key=signing_key,
                                  cert_registry=registry)
    if timestamper is None and tsa_url:
        timestamper = timestamps.HTTPTimeStamper(tsa_url, timeout=15)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=sig_fields.SigSeedSubFilter.PADES,
        reason=reason, location=location, name=name, use_pades_lta=False)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    output = io.BytesIO()
    try:
        signers.PdfSigner(metadata, signer=signer, timestamper=timestamper).sign_pdf(writer, output=output)
    except (SigningError, timestamps.TimestampRequestError, OSError) as error:
        raise PadesError("the letter could not be signed: %s" % error)
    return output.getvalue()


def verify(pdf, trust_roots=(), crls=()):
    """The verdict on the letter's signatures, checked at the current time.

    ``trust_roots``: PEM or DER bytes of the certificates the receiving agency trusts;
    ``crls``: DER or PEM bytes of the revocation lists it holds (no network is used).
    Returns a dict: verdict (one of the constants above), signer, signing time, timestamp,
    and a short English explanation.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception as error:  # pyHanko raises many kinds for a broken file: all mean the same
        return {"verdict": INVALID, "detail": "the file is not a readable PDF (%s)" % type(error).__name__}
    if not embedded:
        return {"verdict": UNSIGNED, "detail": "the PDF carries no signature"}
    roots = [certificate for data in trust_roots for certificate in load_certificates(data)]
    context = ValidationContext(trust_roots=roots, crls=[load_crl(data) for data in crls],
                                allow_fetching=False, revocation_mode="soft-fail")
    results = [_verify_one(signature, context) for signature in embedded]
    order = [INVALID, REVOKED, EXPIRED, UNKNOWN_SIGNER, VALID]
    return sorted(results, key=lambda result: order.index(result["verdict"]))[0]


def _verify_one(embedded, context):
    result = {"signer": None, "signing_time": None, "timestamp": None}
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context,
                                        ts_validation_context=context)
    except (SignatureValidationError, ValueError, KeyError) as error:
        result.update(verdict=INVALID, detail="the signature could not be checked: %s" % error)
        return result
    certificate = status.signing_cert
    result["signer"] = certificate.subject.human_friendly if certificate else None
    result["serial"] = "%x" % certificate.serial_number if certificate else None
    result["signing_time"] = status.signer_reported_dt
    if status.timestamp_validity is not None:
        result["timestamp"] = status.timestamp_validity.timestamp
    indication = status.trust_problem_indic.name if status.trust_problem_indic else ""
    if not status.intact or not status.valid:
        result.update(verdict=INVALID, detail="the letter was changed after it was signed")
    elif status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        if status.modification_level is None or status.modification_level.name not in ("NONE", "LTA_UPDATES"):
            result.update(verdict=INVALID, detail="content was added to the letter after it was signed")
    if "verdict" in result:
        return result
    if status.revoked or indication.startswith("REVOKED"):
        result.update(verdict=REVOKED, detail="the signer's certificate is revoked")
    elif indication in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        result.update(verdict=EXPIRED, detail="the signer's certificate had expired")
    elif not status.trusted:
        result.update(verdict=UNKNOWN_SIGNER,
                      detail="the signer's certificate does not chain to a trusted root of this agency")
    else:
        result.update(verdict=VALID, detail="the signature is valid and the letter is unchanged")
    return result
