"""Documents made for tests and the benchmark: PDFs of any length (some rotated, some US
letter), pictures and Word documents, each page saying which document and page it is."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def pdf(label: str, pages: int, *, size: tuple[float, float] = A4, rotate: int = 0) -> bytes:
    """A PDF whose every page reads "<label> page <n>" near its top."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
            }
        )
    )
    for number in range(1, pages + 1):
        page = writer.add_blank_page(*size)
        stream = DecodedStreamObject()
        text = f"{label} page {number}".replace("(", "[").replace(")", "]")
        stream.set_data(f"BT /F1 14 Tf 72 {size[1] - 90:.0f} Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        if rotate:
            page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf("Locked", 2)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(kind: str = "png", size: tuple[int, int] = (1200, 900)) -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, (240, 240, 230))
    ImageDraw.Draw(picture).rectangle((40, 40, size[0] - 40, size[1] - 40), outline=(0, 0, 0))
    out = io.BytesIO()
    picture.save(out, "PNG" if kind == "png" else "JPEG")
    return out.getvalue()


def docx(label: str, paragraphs: int = 3) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(label, level=1)
    for number in range(paragraphs):
        document.add_paragraph(f"{label}, paragraph {number + 1}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
