"""Photos posted with a request (the multipart field ``media``): checked by their content, not by
their name or declared type, and re-encoded, which also drops what the file carried besides the
picture (EXIF data such as the GPS position and the camera's owner)."""
import io
import struct

# WebPImagePlugin registers WebP: Odoo loads only the core formats
from PIL import Image, ImageOps, WebPImagePlugin  # noqa: F401  pylint: disable=unused-import

from .open311 import MAX_MEDIA_BYTES, Open311Error

# Pillow's name of a format -> (MIME type, file extension)
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
EXTENSIONS = {mimetype: extension for mimetype, extension in PHOTO_FORMATS.values()}
# a photo of a phone has 12 to 50 megapixels; more is refused before it is decoded
MAX_PIXELS = 50 * 1000 * 1000
NOT_A_PHOTO = "media must be a JPEG, PNG or WebP photo."
# what Pillow raises on a truncated, malformed or hostile file
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, struct.error,
                 Image.DecompressionBombError)


def _open(data):
    """The decoded image, after its format and size were read from its header only."""
    with Image.open(io.BytesIO(data)) as probe:
        if probe.format not in PHOTO_FORMATS:
            raise Open311Error(400, NOT_A_PHOTO)
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise Open311Error(400, "media has %d x %d pixels; at most %d megapixels are accepted." % (
                width, height, MAX_PIXELS // 1000000))
        probe.verify()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def clean_photo(data):
    """(content, MIME type, extension) of the re-encoded photo; Open311Error 400 or 413 otherwise."""
    if not data:
        raise Open311Error(400, "media is empty.")
    if len(data) > MAX_MEDIA_BYTES:
        raise Open311Error(413, "media is larger than %d MB." % (MAX_MEDIA_BYTES // (1024 * 1024)))
    try:
        image = _open(data)
        kind = image.format
        if kind == "JPEG":
            image = ImageOps.exif_transpose(image)  # the orientation the camera recorded, then no EXIF
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
        elif kind == "WEBP" and image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        elif kind == "PNG" and image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        if kind == "PNG":
            image.save(out, "PNG")
        else:
            image.save(out, kind, quality=85)
    except Open311Error:
        raise
    except DECODE_ERRORS:
        raise Open311Error(400, NOT_A_PHOTO)
    mimetype, extension = PHOTO_FORMATS[kind]
    return out.getvalue(), mimetype, extension
