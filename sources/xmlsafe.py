"""Untrusted XML, parsed with defusedxml: no DTD, no entity, no network (docs/sources.md,
"Safety")."""

import html
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# One decision's file; the largest real sample is 20 kB, a long judgment a few hundred.
MAX_RECORD_BYTES = 5 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


class RecordError(ValueError):
    """A record that cannot be read: reported with its source identifier and skipped."""


def parse(data: bytes, *, name: str = "record", limit: int = MAX_RECORD_BYTES) -> Element:
    if len(data) > limit:
        raise RecordError(f"{name}: {len(data)} bytes, over the limit of {limit}")
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise RecordError(f"{name}: refused XML ({type(error).__name__})") from None
    except ParseError as error:
        raise RecordError(f"{name}: not well-formed XML ({error})") from None


def text_of(element: Element | None) -> str:
    """The text of a mixed-content element (<p>, <br/>): one line per paragraph or break,
    lines stripped (CRLF and indentation gone), runs of blank lines kept to one."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.tag in ("p", "br") and parts:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "p":
            parts.append("\n")

    walk(element)
    lines = [" ".join(line.split()) for line in "".join(parts).splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def unescaped_text(element: Element | None) -> str:
    """Text that holds escaped HTML (JADE's CITATION_JP: "&lt;br/&gt;"): breaks become new
    lines, other tags go."""
    raw = html.unescape(text_of(element))
    for br in ("<br/>", "<br />", "<br>"):
        raw = raw.replace(br, "\n")
    return "\n".join(" ".join(line.split()) for line in raw.splitlines() if line.strip())


def find_text(root: Element, path: str) -> str:
    return " ".join((root.findtext(path) or "").split())
