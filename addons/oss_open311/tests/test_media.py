import io

from PIL import Image

from odoo.tests.common import TransactionCase

from odoo.addons.oss_open311.media import MAX_PIXELS, clean_photo
from odoo.addons.oss_open311.open311 import MAX_MEDIA_BYTES, Open311Error


def encoded(kind, size=(32, 24), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size).save(out, kind, **save)
    return out.getvalue()


class TestMedia(TransactionCase):

    def test_accepted_photos_are_re_encoded(self):
        for kind, mimetype, extension in (("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png"),
                                          ("WEBP", "image/webp", "webp")):
            content, found_type, found_extension = clean_photo(encoded(kind))
            self.assertEqual((found_type, found_extension), (mimetype, extension))
            self.assertEqual(Image.open(io.BytesIO(content)).format, kind)
        content, _type, _ext = clean_photo(encoded("PNG", mode="P"))
        self.assertEqual(Image.open(io.BytesIO(content)).size, (32, 24))

    def test_exif_is_dropped(self):
        exif = Image.Exif()
        exif[0x013B] = "Somchai Jaidee"
        content, _type, _ext = clean_photo(encoded("JPEG", exif=exif.tobytes()))
        self.assertNotIn(b"Somchai", content)

    def test_refused(self):
        for data, status in ((b"", 400), (b"hello", 400), (encoded("GIF"), 400), (encoded("BMP"), 400),
                             (encoded("PNG")[:60], 400), (b"\xff\xd8" + b"\x00" * MAX_MEDIA_BYTES, 413)):
            with self.assertRaises(Open311Error) as caught:
                clean_photo(data)
            self.assertEqual(caught.exception.status, status)
        with self.assertRaises(Open311Error) as caught:
            clean_photo(encoded("PNG", size=(MAX_PIXELS // 1000 + 1, 1000), mode="1"))
        self.assertIn("megapixels", caught.exception.description)
