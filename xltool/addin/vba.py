"""Building ``xl/vbaProject.bin`` from VBA source text with ms-ovba.

The ribbon's callbacks must live in the add-in's own VBA project, and a VBA project is
a binary OLE file. Excel cannot be scripted on Linux, so the project is written by
ms-ovba (PyPI), a Python implementation of the MS-OVBA file format, with two fixes
applied while it runs: its compression is replaced by :mod:`xltool.addin.ovba_compress`
(the PyPI one corrupts longer modules), and the random bytes of the project's
protection fields come from a seeded generator so that two builds are identical.

The project stores source only (the ``_VBA_PROJECT`` stream carries version 0xFFFF
and no compiled p-code), exactly like the add-in template xlwings ships: Excel
compiles the modules the first time the add-in opens, on Windows and on macOS.

ms-ovba writes its intermediate streams as files in the current directory, so the
build runs inside a private temporary directory.
"""

from __future__ import annotations

import contextlib
import random
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from xltool.addin import ovba_compress

# Document modules must carry the type-library GUID of what they belong to.
WORKBOOK_GUID = uuid.UUID("00020819-0000-0000-C000-000000000046")
WORKSHEET_GUID = uuid.UUID("00020820-0000-0000-C000-000000000046")
_PROJECT_ID = "{6C1B1E3D-58A4-4D0B-9C3E-7A5E1F0C2B91}"  # fixed, so rebuilds are identical
_CLASS_HEADER = ("VERSION 1.0 CLASS", "BEGIN", "MultiUse", "END")


@dataclass(frozen=True)
class Module:
    """One VBA module: ``kind`` is ``std`` (.bas), ``class`` (.cls) or ``document``."""

    name: str
    kind: str
    code: str = ""
    guid: uuid.UUID | None = None


def module_text(module: Module) -> str:
    """The module stream's text: ``Attribute`` lines then code, CRLF line ends, ASCII only.

    Exported ``.cls`` files start with a ``VERSION 1.0 CLASS`` block that the VBA
    editor writes but the stream does not contain. Document modules get the
    attributes Excel expects on a workbook or sheet module.
    """
    lines = module.code.replace("\r\n", "\n").split("\n")
    lines = [ln for ln in lines if not ln.strip().startswith(_CLASS_HEADER)]
    if module.kind == "document":
        attrs = [f'Attribute VB_Name = "{module.name}"',
                 f'Attribute VB_Base = "0{{{str(module.guid).upper()}}}"',
                 "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                 "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
                 "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
        lines = attrs + [ln for ln in lines if ln]
    elif not lines or not lines[0].startswith("Attribute VB_Name"):
        raise ValueError(f"VBA 模块 {module.name} 缺少首行 Attribute VB_Name")
    elif module.kind == "class":
        lines = _class_attributes(lines)
    text = "\r\n".join(lines).rstrip("\r\n") + "\r\n"
    if not text.isascii():
        raise ValueError(f"VBA 模块 {module.name} 含非 ASCII 字符：VBA 源码按系统代码页保存，中文会在不同系统上乱码")
    return text


CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
"""The VB_Base Excel writes for every class module (the type library of a VBA class)."""
_CLASS_DEFAULTS = (("VB_GlobalNameSpace", "False"), ("VB_Creatable", "False"), ("VB_PredeclaredId", "False"),
                   ("VB_Exposed", "False"), ("VB_TemplateDerived", "False"), ("VB_Customizable", "False"))


def _class_attributes(lines: list[str]) -> list[str]:
    """A class module's attribute block as Excel writes it: VB_Name, VB_Base, then the six flags.

    Exported .cls files (xlwings' Dictionary.cls) omit VB_Base, VB_TemplateDerived and
    VB_Customizable; values the source gives are kept, other attributes (VB_Description)
    follow the block.
    """
    head = [ln for ln in lines if ln.startswith("Attribute VB_")]
    body = lines[len(head):] if lines[:len(head)] == head else lines[1:]
    given = {ln.split()[1]: ln.split("=", 1)[1].strip() for ln in head if "=" in ln}
    block = [lines[0], f'Attribute VB_Base = "{CLASS_BASE}"']
    block += [f"Attribute {name} = {given.get(name, default)}" for name, default in _CLASS_DEFAULTS]
    known = {"VB_Name", "VB_Base", *(n for n, _ in _CLASS_DEFAULTS)}
    block += [ln for ln in head if ln.split()[1] not in known]
    return block + body


def build_project(modules: list[Module]) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` and the stdole/Office references."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba
    import ms_ovba_crypto.ms_ovba_crypto as crypto

    class ClassModule(DocModule):
        """A class module: typed like a document module in ``dir``, listed as ``Class=`` in PROJECT."""

        def to_project_module_string(self) -> str:
            return "Class=" + self.modName.value

    with tempfile.TemporaryDirectory(prefix="xltool-vba-") as tmp, contextlib.chdir(tmp), \
            mock.patch.object(MsOvba, "compress", lambda self, data: ovba_compress.compress(data)), \
            mock.patch.object(crypto, "random", random.Random(20240601)):
        project = VbaProject()
        project.project_id = _PROJECT_ID
        kinds = {"std": StdModule, "class": ClassModule, "document": DocModule}
        for m in modules:
            entry = kinds[m.kind](m.name)
            if m.guid is not None:
                entry.add_guid(m.guid)
            path = Path(tmp) / f"module{len(project.modules)}"  # ms-ovba reads <path>.new, writes <path>.bin
            Path(f"{path}.new").write_bytes(module_text(m).encode("ascii"))
            entry.add_file(str(path))
            project.add_module(entry)
        project.add_reference(Reference(ReferenceRegistered(LibidReference(
            uuid.UUID("00020430-0000-0000-C000-000000000046"), "2.0", "0",
            "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")), "stdole"))
        project.add_reference(Reference(ReferenceRegistered(LibidReference(  # IRibbonControl lives here
            uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"), "2.0", "0",
            "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
            "Microsoft Office 16.0 Object Library")), "Office"))
        ProjectOleFile.write_file(project)
        return Path(tmp, "vbaProject.bin").read_bytes()
