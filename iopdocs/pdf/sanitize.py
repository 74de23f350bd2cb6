"""No active content in a PDF we publish: actions, scripts, forms and embedded files go.

A board's papers are read, not run. Every PDF that enters a packet or a web copy is
cleaned here: JavaScript and every other action (of the document, its pages, its
annotations, its form fields and its bookmarks), launch and submit actions, embedded
files, the interactive form (AcroForm, with XFA), and multimedia annotations are
removed. What stays: the pages, their text and images, links to web addresses
(http, https, mailto) and links within the document (GoTo). A PDF with nothing to
remove keeps its bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_MEDIA = {"/Screen", "/Movie", "/Sound", "/RichMedia", "/3D", "/FileAttachment"}

# How the report names what was removed, in the order it lists them.
JAVASCRIPT = "JavaScript"
LAUNCH = "start av program (Launch)"
SUBMIT = "formulärsändning (SubmitForm)"
OTHER = "andra åtgärder"
BAD_LINK = "länkar med javascript:- eller filadress"
EMBEDDED = "inbäddade filer"
FORM = "formulär (AcroForm)"
XFA = "XFA-formulär"
MEDIA = "film-, ljud- och filbilagor"
ORDER = (JAVASCRIPT, LAUNCH, SUBMIT, OTHER, BAD_LINK, EMBEDDED, FORM, XFA, MEDIA)


@dataclass
class Cleaned:
    """A PDF without active content, and what was taken out of it."""

    data: bytes
    removed: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """'JavaScript (3), formulär (AcroForm) (1)'; empty when nothing was removed."""
        return ", ".join(f"{name} ({self.removed[name]})" for name in ORDER if self.removed[name])


def clean_pdf(data: bytes) -> Cleaned:
    """`data` without active content; the same bytes when it has none."""
    # A first pass over a reader only looks (its objects are thrown away): copying the
    # whole file into a writer costs ten times as much, and most files have nothing.
    found = _clean(PdfReader(io.BytesIO(data), strict=False))
    if not found:
        return Cleaned(data)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
    removed = _clean(writer)
    return Cleaned(_without_orphans(writer), removed)


def _clean(document: PdfReader | PdfWriter) -> Counter:
    """Remove active content from the document's objects in memory; count what went."""
    removed: Counter = Counter()
    root = document.root_object if isinstance(document, PdfWriter) else document.trailer["/Root"].get_object()
    _clean_catalog(root, removed)
    for page in document.pages:
        _clean_page(page, removed)
    return removed


def _without_orphans(writer: PdfWriter) -> bytes:
    """The file without what nothing refers to any more (the removed scripts and files).
    pypdf drops one level of orphans per pass (an embedded file's stream is still referred
    to by its orphaned file spec), so passes repeat until the file stops shrinking."""
    data = b""
    for _ in range(8):
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        buffer = io.BytesIO()
        writer.write(buffer)
        if data and len(buffer.getvalue()) == len(data):
            break
        data = buffer.getvalue()
    return data


def _clean_catalog(root: DictionaryObject, removed: Counter) -> None:
    if "/OpenAction" in root and not _keep_action(root["/OpenAction"], removed):
        del root["/OpenAction"]
    _drop_additional_actions(root, removed)
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        if "/JavaScript" in names:
            removed[JAVASCRIPT] += max(1, _count_names(names["/JavaScript"]))
            del names["/JavaScript"]
        if "/EmbeddedFiles" in names:
            removed[EMBEDDED] += max(1, _count_names(names["/EmbeddedFiles"]))
            del names["/EmbeddedFiles"]
    if "/AcroForm" in root:
        form = root["/AcroForm"].get_object()
        if "/XFA" in form:
            removed[XFA] += 1
        removed[FORM] += 1
        for item in form.get("/Fields", ArrayObject()):
            _clean_field(item.get_object(), removed)
        del root["/AcroForm"]
    for key in ("/Collection", "/AF"):  # a portfolio's file list, associated files
        if key in root:
            removed[EMBEDDED] += 1
            del root[key]
    outlines = root.get("/Outlines")
    if outlines is not None:
        _clean_outline(outlines.get_object().get("/First"), removed)


def _clean_page(page: DictionaryObject, removed: Counter) -> None:
    _drop_additional_actions(page, removed)
    if "/Annots" not in page:
        return
    kept = ArrayObject()
    for reference in page["/Annots"].get_object():
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        if annotation.get("/Subtype") in _MEDIA:
            removed[MEDIA] += 1
            continue
        if "/A" in annotation and not _keep_action(annotation["/A"], removed):
            del annotation["/A"]
        _drop_additional_actions(annotation, removed)
        parent = annotation.get("/Parent")  # a widget's form field, and the fields above it
        while parent is not None:
            parent = parent.get_object()
            _clean_field(parent, removed, recurse=False)
            parent = parent.get("/Parent")
        kept.append(reference)
    page[NameObject("/Annots")] = kept


def _clean_field(item: DictionaryObject, removed: Counter, recurse: bool = True) -> None:
    """A form field's own actions, and (from the AcroForm) its children's."""
    if "/A" in item and not _keep_action(item["/A"], removed):
        del item["/A"]
    _drop_additional_actions(item, removed)
    if recurse:
        for kid in item.get("/Kids", ArrayObject()):
            _clean_field(kid.get_object(), removed)


def _clean_outline(item, removed: Counter) -> None:  # noqa: ANN001 - an outline item or None
    seen = set()
    while item is not None and id(item.get_object()) not in seen:
        entry = item.get_object()
        seen.add(id(entry))
        if "/A" in entry and not _keep_action(entry["/A"], removed):
            del entry["/A"]
        _clean_outline(entry.get("/First"), removed)
        item = entry.get("/Next")


def _drop_additional_actions(holder: DictionaryObject, removed: Counter) -> None:
    """/AA: actions on events (open, close, key press, …); none of them is kept."""
    if "/AA" not in holder:
        return
    triggers = holder["/AA"].get_object()
    if isinstance(triggers, DictionaryObject):
        for action in triggers.values():
            _keep_action(action, removed)  # counts what each one was
    del holder["/AA"]


def _keep_action(reference, removed: Counter, depth: int = 0) -> bool:  # noqa: ANN001 - any PDF object
    """Whether an action may stay: a link within the document or to a web address. Its
    chained actions (/Next) go either way, counted; what it is, is counted when it goes."""
    action = reference.get_object()
    if not isinstance(action, DictionaryObject):
        return True  # an /OpenAction that is a destination, not an action
    if "/Next" in action:
        if depth < 32:
            nexts = action["/Next"].get_object()
            for chained in nexts if isinstance(nexts, ArrayObject) else [nexts]:
                _keep_action(chained, removed, depth + 1)
        del action["/Next"]
    kind = action.get("/S")
    if kind == "/GoTo":
        return True
    if kind == "/URI":
        uri = str(action.get("/URI", "")).strip().lower()
        if uri.startswith(_SAFE_SCHEMES):
            return True
        removed[BAD_LINK] += 1
        return False
    removed[{"/JavaScript": JAVASCRIPT, "/Launch": LAUNCH, "/SubmitForm": SUBMIT}.get(kind, OTHER)] += 1
    return False


def _count_names(tree, depth: int = 0) -> int:  # noqa: ANN001 - a name tree node
    node = tree.get_object()
    if not isinstance(node, DictionaryObject) or depth > 32:
        return 0
    count = len(node.get("/Names", ArrayObject())) // 2
    return count + sum(_count_names(kid, depth + 1) for kid in node.get("/Kids", ArrayObject()))
