"""QR codes as PNG pictures: a payment's Thai QR, the link of a request's status page.

``segno`` is imported when a code is drawn, so the package stays importable without it.
"""
import base64
import io


def png(payload, scale=8):
    """PNG bytes of a QR code of ``payload`` (error correction M, a 4-module quiet zone)."""
    import segno
    buffer = io.BytesIO()
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def png_data_uri(payload, scale=6):
    """The QR code of ``payload`` as a ``data:image/png;base64,...`` address (pages, e-mails, PDFs)."""
    return "data:image/png;base64," + base64.b64encode(png(payload, scale)).decode("ascii")
