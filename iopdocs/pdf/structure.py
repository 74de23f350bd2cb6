"""Carry tagged PDF structure across a pypdf merge: one structure tree for the merged
file, made of the parts' own trees (pypdf leaves them behind; see StructureMerger)."""

from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from .objects import add_indirect


class StructureMerger:
    """One structure tree for the merged file, made of the parts' own trees.

    pypdf copies pages but not the catalog's /StructTreeRoot (pypdf issue #1012), and it
    drops each page's /StructParents. Here every part's structure elements are cloned
    into the writer after its pages (so /Pg and /Obj point at the copied pages and
    annotations), its parent tree is renumbered after the parts before it, and its root
    element (LibreOffice's Document) becomes a Sect titled with the document's name:

        Document > Sect "Föredragningslista"
                 > Part "8. Titel" > Sect "Tjänsteutlåtande" > H1, P, L, Table ...
                                   > Sect "Bilaga 1. ..." > ...

    A part without a structure tree (an untagged external PDF) gets one P per page that
    holds all of the page's content, so a screen reader still reads its text.
    """

    def __init__(self, writer: PdfWriter, language: str):
        self.writer = writer
        self.root_ref = add_indirect(writer, DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
        self.document_ref = self._element("/Document", self.root_ref, None, append=False)
        self.document_ref.get_object()[NameObject("/Lang")] = TextStringObject(language)
        self.nums: list[tuple[int, PdfObject]] = []
        self.next_key = 0
        self.role_map = DictionaryObject()
        self.class_map = DictionaryObject()
        self.tagged_parts = 0
        self.untagged_parts = 0

    def _element(self, role: str, parent: IndirectObject, title: str | None, append: bool = True) -> IndirectObject:
        element = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(role),
                NameObject("/P"): parent,
                NameObject("/K"): ArrayObject(),
            }
        )
        if title:
            element[NameObject("/T")] = TextStringObject(title)
        ref = add_indirect(self.writer, element)
        if append:
            parent.get_object()["/K"].append(ref)
        return ref

    def group(self, title: str) -> IndirectObject:
        """A Part element for one agenda item."""
        return self._element("/Part", self.document_ref, title)

    def add(self, reader: PdfReader, start: int, title: str, group: IndirectObject | None) -> None:
        """Carry over the structure of `reader`, whose pages were appended at index `start`."""
        parent = group or self.document_ref
        pages = self.writer.pages[start : start + len(reader.pages)]
        source = reader.root_object.get("/StructTreeRoot")
        source = source.get_object() if source is not None else None
        if not isinstance(source, DictionaryObject) or source.get("/K") is None:
            self._tag_untagged(pages, title, parent)
            return
        self.tagged_parts += 1
        offset = self.next_key
        renames = self._merge_roles(source)
        section = self._adopt_roots(source, title, parent)
        self._adopt_children(section, renames)
        highest = -1
        for key, value in number_tree(source.get("/ParentTree")):
            cloned = value.clone(self.writer, ignore_fields=("/P",)) if isinstance(value, PdfObject) else value
            self.nums.append((key + offset, cloned))
            highest = max(highest, key)
        adjusted: set[int] = set()
        for source_page, page in zip(reader.pages, pages):
            if "/StructParents" in source_page:
                key = int(source_page["/StructParents"])
                page[NameObject("/StructParents")] = NumberObject(key + offset)
                highest = max(highest, key)
            for annotation in page.get("/Annots", []) or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation and id(annotation) not in adjusted:
                    key = int(annotation["/StructParent"])
                    annotation[NameObject("/StructParent")] = NumberObject(key + offset)
                    adjusted.add(id(annotation))
                    highest = max(highest, key)
        next_key = int(source.get("/ParentTreeNextKey", 0) or 0)
        self.next_key = offset + max(next_key, highest + 1)
        for name, value in (source.get("/ClassMap") or {}).items():
            if name not in self.class_map:
                self.class_map[NameObject(name)] = value.clone(self.writer, ignore_fields=("/P",))

    def _merge_roles(self, source: DictionaryObject) -> dict[str, NameObject]:
        """Add the part's role map; a role name another part maps differently is renamed."""
        role_map = source.get("/RoleMap")
        role_map = role_map.get_object() if role_map is not None else {}
        renames: dict[str, NameObject] = {}
        for name, role in role_map.items():
            existing = self.role_map.get(name)
            if existing is not None and existing != role:
                number = 2
                while f"{name}-{number}" in self.role_map:
                    number += 1
                renames[name] = NameObject(f"{name}-{number}")
        for name, role in role_map.items():
            key = renames.get(name, NameObject(name))
            if key not in self.role_map:
                self.role_map[key] = renames.get(role, NameObject(role))
        return renames

    def _adopt_roots(self, source: DictionaryObject, title: str, parent: IndirectObject) -> IndirectObject:
        """The part's top element, as a Sect titled `title` under `parent`."""
        kids = source["/K"].get_object()
        kids = list(kids) if isinstance(kids, ArrayObject) else [source["/K"]]
        cloned = []
        for kid in kids:
            copy = kid.clone(self.writer, ignore_fields=("/P",))
            cloned.append(copy if isinstance(copy, IndirectObject) else add_indirect(self.writer, copy).indirect_reference)
        if len(cloned) == 1 and cloned[0].get_object().get("/S") == "/Document":
            section = cloned[0]
            element = section.get_object()
            element[NameObject("/S")] = NameObject("/Sect")
            element[NameObject("/T")] = TextStringObject(title)
            element[NameObject("/P")] = parent
            parent.get_object()["/K"].append(section)
            return section
        section = self._element("/Sect", parent, title)
        section.get_object()[NameObject("/K")] = ArrayObject(cloned)
        return section

    @staticmethod
    def _adopt_children(top: IndirectObject, renames: dict[str, NameObject]) -> None:
        """Point each cloned element's /P at its new parent (cloning left /P out), and
        give it its renamed role where the role map had to rename one."""
        stack = [top]
        while stack:
            parent = stack.pop()
            kids = parent.get_object().get("/K")
            if kids is None:
                continue
            kids = kids.get_object()
            for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                if not isinstance(kid, IndirectObject):
                    continue
                element = kid.get_object()
                if isinstance(element, DictionaryObject) and "/S" in element and element.get("/Type") not in (
                    "/MCR",
                    "/OBJR",
                ):
                    element[NameObject("/P")] = parent
                    if element["/S"] in renames:
                        element[NameObject("/S")] = renames[element["/S"]]
                    stack.append(kid)

    def _tag_untagged(self, pages: list, title: str, parent: IndirectObject) -> None:
        self.untagged_parts += 1
        section = self._element("/Sect", parent, title)
        opening = DecodedStreamObject()
        opening.set_data(b"/P <</MCID 0>> BDC\n")
        opening_ref = add_indirect(self.writer, opening)
        closing = DecodedStreamObject()
        closing.set_data(b"\nEMC\n")
        closing_ref = add_indirect(self.writer, closing)
        for page in pages:
            contents = page.get_contents()
            if contents is not None and b"/MCID" in contents.get_data():
                continue  # marked for a structure tree it no longer has: nesting would break it
            paragraph = self._element("/P", section, None)
            element = paragraph.get_object()
            element[NameObject("/Pg")] = page.indirect_reference
            element[NameObject("/K")] = NumberObject(0)
            contents = page.get("/Contents")
            parts = []
            if contents is not None:
                resolved = contents.get_object()
                parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
            page[NameObject("/Contents")] = ArrayObject([opening_ref, *parts, closing_ref])
            page[NameObject("/StructParents")] = NumberObject(self.next_key)
            self.nums.append((self.next_key, ArrayObject([paragraph])))
            self.next_key += 1

    def finish(self) -> None:
        """Write the merged tree into the catalog."""
        root = self.root_ref.get_object()
        nums = ArrayObject()
        for key, value in sorted(self.nums, key=lambda pair: pair[0]):
            nums.extend([NumberObject(key), value])
        root[NameObject("/K")] = self.document_ref
        root[NameObject("/ParentTree")] = add_indirect(self.writer, DictionaryObject({NameObject("/Nums"): nums}))
        root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        if self.role_map:
            root[NameObject("/RoleMap")] = self.role_map
        if self.class_map:
            root[NameObject("/ClassMap")] = self.class_map
        catalog = self.writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})


def number_tree(node) -> list[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree, in order, following /Kids."""
    if node is None:
        return []
    pairs: list[tuple[int, PdfObject]] = []
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop(0).get_object()
        if not isinstance(current, DictionaryObject) or id(current) in seen:
            continue
        seen.add(id(current))
        nums = current.get("/Nums")
        if nums is not None:
            nums = nums.get_object()
            pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2))
        kids = current.get("/Kids")
        if kids is not None:
            stack.extend(kids.get_object())
    return pairs
