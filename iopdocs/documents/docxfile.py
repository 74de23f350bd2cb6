"""Byte-identical .docx files: a fixed zip layout and core properties from the case.

python-docx stamps every zip member with the clock and writes core properties such as
'modified' from the clock too. `normalise` rewrites a saved package so that the same
input always gives the same bytes: members in a fixed order ([Content_Types].xml
first), a fixed timestamp and compression, and docProps/core.xml and docProps/app.xml
written from the given properties, never from the clock.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from ..pdf.meta import DocumentMeta

# The zip format cannot store dates before 1980; this is the conventional fixed stamp.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
LAST_MODIFIED_BY = "iopdocs"
APPLICATION = "iopdocs"

_FIRST = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels")


def core_xml(props: DocumentMeta) -> bytes:
    stamp = f"{props.date.isoformat()}T00:00:00Z"

    def element(tag: str, value: str) -> str:
        return f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag}/>"

    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + element("dc:title", props.title)
        + element("dc:subject", props.subject)
        + element("dc:creator", props.author)
        + element("cp:keywords", props.keywords)
        + element("dc:description", props.description)
        + element("dc:language", props.language)
        + element("cp:lastModifiedBy", LAST_MODIFIED_BY)
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        + "</cp:coreProperties>"
    )
    return xml.encode("utf-8")


def app_xml() -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode("utf-8")


def normalise(data: bytes, props: DocumentMeta) -> bytes:
    """The package `data` rewritten deterministically with `props` as its core properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members["docProps/core.xml"] = core_xml(props)
    if "docProps/app.xml" in members:
        members["docProps/app.xml"] = app_xml()
    order = [name for name in _FIRST if name in members]
    order += sorted(name for name in members if name not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            target.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
