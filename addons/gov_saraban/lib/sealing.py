"""Encryption at rest of the signers' PKCS#12 files and passphrases.

The key is the server's, never the database's: ``gov_saraban_key_file`` (a file holding one
Fernet key per line, the first encrypts and every one decrypts, so a key can be rotated) or
``gov_saraban_key`` in the server configuration, or the environment variable
``GOV_SARABAN_KEY``. A copy of the database alone never opens a certificate.
"""
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from odoo.tools import config

ENV_KEY = "GOV_SARABAN_KEY"


class SealingError(Exception):
    """No key is configured, or the data was sealed with a key the server no longer has."""


def _keys():
    text = ""
    path = config.get("gov_saraban_key_file")
    if path:
        try:
            with open(path) as handle:
                text = handle.read()
        except OSError as error:
            raise SealingError("the key file %s cannot be read (%s)" % (path, error.strerror))
    text = text or config.get("gov_saraban_key") or os.environ.get(ENV_KEY) or ""
    keys = [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
    if not keys:
        raise SealingError("no key is configured: set gov_saraban_key_file in the server configuration")
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError):
        raise SealingError("the configured key is not a Fernet key (32 url-safe base64-encoded bytes)")


def configured():
    try:
        _keys()
    except SealingError:
        return False
    return True


def seal(data):
    return _keys().encrypt(data)


def unseal(token):
    try:
        return _keys().decrypt(bytes(token))
    except InvalidToken:
        raise SealingError("the certificate was sealed with a key this server does not have")


def new_key():
    return Fernet.generate_key().decode("ascii")
