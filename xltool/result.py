"""The records every front end reads: one result per form or scoring table, per workbook, per batch.

``xltool.api`` produces them; the reporters (text, JSON, annotated copy, batch
summary), the batch runner and the add-in only read them. They hold findings and
the declared and recalculated totals, never a spreadsheet library object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xltool.compute.profiles import Profile
from xltool.compute.recalc import FormCalc
from xltool.findings import Finding, Severity
from xltool.model.form import Cell, Form
from xltool.model.scoretable import ScoreTable
from xltool.model.values import read_grade

SCHEMA_VERSION = 1

OK, UNREADABLE, NO_FORM, DUPLICATE, CRASHED = "已核查", "无法读取", "未识别到自评表", "重复文件", "核查异常"
OWN_OUTPUT = "已跳过：本工具输出"
"""Row statuses; every status other than OK, DUPLICATE and OWN_OUTPUT means the file was not checked."""

_KIND_LABELS = {"detail": "综合评分表", "summary": "评价得分汇总表", "system": "评价指标体系表"}


@dataclass(frozen=True)
class FormResult:
    """One detected form, its recalculation and its findings."""

    calc: FormCalc
    findings: tuple[Finding, ...]

    @property
    def form(self) -> Form:
        """The detected form."""
        return self.calc.form

    def summary(self) -> dict:
        """Declared and recalculated total and grade, as in the JSON output."""
        c = self.calc
        # a form without scores (转移支付 target form, funds block alone) has no total to recalculate
        recalculated = c.recalculated_total if c.form.scored else None
        return {
            "sheet": c.form.sheet, "kind": c.form.kind, "title": c.form.title,
            "name": c.form.name, "unit": c.form.unit_name, "profile": c.profile.name,
            "score": {"declared": c.declared_total if c.declared_total is not None else c.declared_sum,
                      "recalculated": recalculated},
            "grade": {"declared": c.declared_grade,
                      "recalculated": c.profile.grade(recalculated) if recalculated is not None else None},
        }


@dataclass(frozen=True)
class WorkbookResult:
    """Everything found in one file; ``error`` is set when it could not be checked at all."""

    path: Path
    forms: tuple[FormResult, ...] = ()
    error: str | None = None
    file_findings: tuple[Finding, ...] = field(default=())

    @property
    def self_assessments(self) -> list[FormResult]:
        """The 自评表 forms only (scoring sheets have no form to write recalculated scores into)."""
        return [r for r in self.forms if isinstance(r, FormResult)]

    @property
    def findings(self) -> list[Finding]:
        """All findings, sorted by sheet and cell position."""
        found = list(self.file_findings) + [f for r in self.forms for f in r.findings]
        return sorted(found, key=lambda f: f.sort_key)

    @property
    def exit_code(self) -> int:
        """2 unreadable, 1 at least one error-level finding, 0 otherwise."""
        if self.error:
            return 2
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0

    def review_summary(self) -> dict:
        """The 评分复核 block an annotated copy shows: declared vs recalculated total and grade of the first form."""
        if not self.forms:
            return {}
        s = self.forms[0].summary()
        declared, recalculated = s["grade"]["declared"], s["grade"]["recalculated"]
        return {"申报总分": s["score"]["declared"], "重算总分": s["score"]["recalculated"],
                "申报等级": declared or "未填", "重算等级": recalculated or "—",
                "等级是否改变": "是" if declared and recalculated and declared != recalculated else "否"}

    def to_dict(self) -> dict:
        """The stable JSON object for this file (schema version 1)."""
        first = self.forms[0].summary() if self.forms else {}
        return {
            "schema_version": SCHEMA_VERSION,
            "file": str(self.path),
            "kind": first.get("kind"),
            "profile": first.get("profile"),
            "score": first.get("score", {"declared": None, "recalculated": None}),
            "grade": first.get("grade", {"declared": None, "recalculated": None}),
            "error": self.error,
            "forms": [r.summary() for r in self.forms],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class ScoreSheetResult:
    """One scoring table, its findings and its declared and recalculated totals."""

    table: ScoreTable
    findings: tuple[Finding, ...]
    profile: Profile
    declared_total: float | None
    recalculated_total: float | None
    complete: bool  # the table covers the whole framework (its weights total the full marks)
    grade_cell: Cell | None = None  # the report's stated grade (this table's, or one stated beside the same total)

    def summary(self) -> dict:
        """Same keys as ``FormResult.summary()``, plus the table kind and where it starts."""
        t = self.table
        declared_grade = read_grade(self.grade_cell.value) if self.grade_cell is not None else None
        recalculated = self.recalculated_total if t.kind != "system" else None
        return {
            "sheet": t.sheet, "kind": "scoring", "title": t.title, "name": "", "unit": "",
            "profile": self.profile.name,
            "score": {"declared": self.declared_total, "recalculated": recalculated},
            "grade": {"declared": declared_grade,
                      "recalculated": self.profile.grade(recalculated) if self.complete else None},
            "kind_label": _KIND_LABELS[t.kind], "table_kind": t.kind, "cell": t.header.addr,
            "indicators": len(t.leaves),
        }

    def claims(self, form: Form) -> bool:
        """Whether a form found by ``xltool.detect.forms`` is really this table (an evaluator's sheet)."""
        cell = form.columns.get("name") or next(iter(form.columns.values()), None)
        return cell is not None and self.table.covers(cell.sheet, cell.row)


@dataclass
class BatchResult:
    """All rows and findings of a batch, in discovery order, plus its counts."""

    rows: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    files: int = 0
    unchecked: int = 0
    duplicates: int = 0
    own_outputs: int = 0  # xltool's own earlier outputs found in the folder: skipped, not checked
    failed_outputs: int = 0
    with_errors: int = 0
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def forms(self) -> int:
        """Number of detected forms (rows of checked files)."""
        return sum(1 for r in self.rows if r["status"] == OK)

    @property
    def exit_code(self) -> int:
        """As ``xltool check``: 2 some file not checked (or a copy not written), 1 errors, 0 clean."""
        if self.unchecked or self.failed_outputs:
            return 2
        return 1 if self.with_errors else 0
