"""PDF/A-2B documents with fpdf2 (it enforces the profile) and embedded DejaVu fonts:
the archive's disclosures and snapshots and the dashboard's monthly report."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"


def document(title: str, *, author: str = "", lang: str = "sv") -> FPDF:
    """An empty PDF/A-2B with the regular and bold DejaVu fonts registered as `DejaVu`."""
    pdf = FPDF(enforce_compliance="PDF/A-2B")
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_lang(lang)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    return pdf
