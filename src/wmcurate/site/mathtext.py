"""Text with TeX math (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`) as safe HTML with MathML.

Browsers draw MathML themselves, so a formula costs no script and no request to another
host. latex2mathml turns the TeX into an element tree; that tree is rebuilt here from an
allow-list of MathML elements and attributes, every text escaped: latex2mathml copies
`\\text{<script>}` and `\\href{javascript:...}` through as they are. TeX it cannot read is
shown as code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: Math as written in abstracts. Inline `$...$` follows pandoc's rule (no space just
#: inside the dollars, no digit right after the closing one), so "$5 and $10" is text.
_MATH = re.compile(
    r"\$\$(?P<display>[^$]+?)\$\$"
    r"|\\\[(?P<display2>.+?)\\\]"
    r"|\\\((?P<inline2>.+?)\\\)"
    r"|(?<![\\$])\$(?P<inline>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?![0-9$])",
    re.DOTALL,
)

_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "mmultiscripts", "mprescripts", "none",
    "semantics", "annotation", "merror",
})
_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "accent", "accentunder",
    "lspace", "rspace", "minsize", "maxsize", "movablelimits", "columnalign", "rowalign",
    "rowspacing", "columnspacing", "width", "height", "depth", "linethickness", "form",
    "largeop", "symmetric", "displaystyle", "scriptlevel", "notation", "columnlines",
    "rowlines", "frame", "encoding",
})
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]{1,6});|&#([0-9]{1,7});")
_MATH_NS = "{http://www.w3.org/1998/Math/MathML}"


def has_math(text: str) -> bool:
    return ("$" in text or "\\(" in text or "\\[" in text) and _MATH.search(text) is not None


def with_math(text: str) -> Markup:
    """`text` escaped, its formulas as MathML."""
    if not has_math(text):
        return escape(text)
    out: list[str] = []
    pos = 0
    for match in _MATH.finditer(text):
        out.append(escape(text[pos:match.start()]))
        tex = match.group("display") or match.group("display2")
        display = tex is not None
        if tex is None:
            tex = match.group("inline") or match.group("inline2") or ""
        out.append(formula(tex, display))
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("".join(out))


@lru_cache(maxsize=4096)
def formula(tex: str, display: bool) -> Markup:
    from latex2mathml.converter import convert_to_element

    try:
        root = convert_to_element(tex, display="block" if display else "inline")
    except Exception:
        # latex2mathml raises its own exception types (and plain ones) on TeX it cannot read.
        return Markup('<code class="tex">{}</code>').format(tex)
    return Markup('<span class="math" title="{}">{}</span>').format(
        tex, Markup(_rebuild(root)))


def _text(value: str | None) -> str:
    if not value:
        return ""
    decoded = _CHAR_REF.sub(_char, value)
    return str(escape(decoded))


def _char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def _rebuild(element: Element) -> str:
    tag = element.tag.removeprefix(_MATH_NS) if isinstance(element.tag, str) else ""
    inner = _text(element.text) + "".join(_rebuild(child) + _text(child.tail)
                                          for child in element)
    if tag not in _ELEMENTS:
        return inner  # an element outside MathML (or one with a link) keeps only its text
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in element.attrib.items()
                         if name in _ATTRIBUTES)
    if tag == "math":
        attributes = ' xmlns="http://www.w3.org/1998/Math/MathML"' + attributes
    return f"<{tag}{attributes}>{inner}</{tag}>"
