"""Make analysis/render/assets/reference.docx: pandoc's default reference document restyled for an A4
committee paper (A4, 2.2 cm margins, Arial 11 pt, numbered-looking navy headings, captions in 9 pt,
tables with a header rule).  Run once with python-docx available; the result is committed."""

import subprocess
import sys
from pathlib import Path

import pypandoc
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

out = Path(sys.argv[1])
pandoc = pypandoc.get_pandoc_path()
data = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], capture_output=True, check=True).stdout
out.write_bytes(data)
doc = Document(str(out))
for s in doc.sections:
    s.page_width, s.page_height = Cm(21.0), Cm(29.7)
    s.left_margin = s.right_margin = Cm(2.2)
    s.top_margin = s.bottom_margin = Cm(2.4)
    s.header_distance = s.footer_distance = Cm(1.2)
NAVY = RGBColor(0x0B, 0x2E, 0x4F)
INK = RGBColor(0x1B, 0x1B, 0x1B)
styles = doc.styles


def font(name, size=None, bold=None, italic=None, color=None, before=None, after=None, keep=None):
    try:
        st = styles[name]
    except KeyError:
        return
    f = st.font
    f.name = "Arial"
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    if rfonts is not None:
        for a in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{a}", "Arial")
        for a in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            k = f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{a}"
            if k in rfonts.attrib:
                del rfonts.attrib[k]
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if color is not None:
        f.color.rgb = color
    pf = getattr(st, "paragraph_format", None)
    if pf is not None:
        if before is not None:
            pf.space_before = Pt(before)
        if after is not None:
            pf.space_after = Pt(after)
        if keep:
            pf.keep_with_next = True


for n in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text", "Footnote Text"):
    font(n, 11 if n != "Footnote Text" else 9, color=INK, after=6)
font("Title", 26, bold=True, color=NAVY, after=12)
font("Subtitle", 14, color=NAVY, after=12)
font("Author", 11, color=INK)
font("Date", 11, color=INK)
font("Heading 1", 18, bold=True, color=NAVY, before=18, after=8, keep=True)
font("Heading 2", 14, bold=True, color=NAVY, before=14, after=6, keep=True)
font("Heading 3", 12, bold=True, color=NAVY, before=10, after=4, keep=True)
font("Heading 4", 11, bold=True, italic=False, color=NAVY, before=8, after=4, keep=True)
font("Caption", 9, italic=False, color=INK, after=10)
font("Image Caption", 9, italic=False, color=INK, after=10)
font("Table Caption", 9, bold=False, italic=False, color=INK, before=6, after=4, keep=True)
font("TOC Heading", 16, bold=True, color=NAVY)
font("Hyperlink", color=RGBColor(0x00, 0x5A, 0x9C))
for n in ("Heading 1",):
    styles[n].paragraph_format.page_break_before = True
for n in ("Captioned Figure", "Figure"):
    try:
        styles[n].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styles[n].paragraph_format.keep_with_next = True
    except KeyError:
        pass
doc.save(str(out))
print("wrote", out)
