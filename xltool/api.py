"""The one entry point front ends use: check a workbook, get a result.

``check_workbook`` runs the whole one-way flow — read, detect, recalculate,
check — and never raises for a bad input file: a file that cannot be read
becomes a result with ``error`` set, so the CLI, batch mode and the add-in can
report it and go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xltool import profiles
from xltool.codes import finding
from xltool.detect import detect_forms
from xltool.findings import Finding, Severity
from xltool.grid import ReadError, SheetGrid, read_workbook
from xltool.model import Form
from xltool.recalc import FormCalc, recalc_form
from xltool.rules import run_checks
from xltool.scoresheet import check_scoresheets

SCHEMA_VERSION = 1


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
        return {
            "sheet": c.form.sheet, "kind": c.form.kind, "title": c.form.title, "name": c.form.name,
            "unit": c.form.unit_name, "profile": c.profile.name,
            "score": {"declared": c.declared_total if c.declared_total is not None else c.declared_sum,
                      "recalculated": c.recalculated_total},
            "grade": {"declared": c.declared_grade, "recalculated": c.profile.grade(c.recalculated_total)},
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


def check_grids(path: Path, grids: list[SheetGrid], profile: str | None = None) -> WorkbookResult:
    """Detect, recalculate and check forms in already-read grids (the add-in's entry)."""
    forced = profiles.load(profile) if profile else None
    scoring = check_scoresheets(path, grids, profile)  # evaluators' 综合评分表 and summary tables
    results = []
    for grid in grids:
        for form in detect_forms(grid):
            if any(sheet.claims(form) for sheet in scoring):
                continue  # a scoring table with 目标值/分值 columns is not a 自评表
            chosen = forced or profiles.choose(set(form.columns))
            calc = recalc_form(form, chosen)
            found = list(_structure(form)) + list(run_checks(calc))
            results.append(FormResult(calc, tuple(found)))
    results = [*scoring, *results]
    if not results:
        names = "、".join(g.name for g in grids) or "（无工作表）"
        message = (f"在工作表 {names} 中未识别到绩效自评表：需要一张含“三级指标”、“分值/权重”或“得分”、"
                   "“指标值/目标值”或“完成值”等表头的指标表。")
        return WorkbookResult(path, error=message,
                              file_findings=(finding("XT002", grids[0].name if grids else "", "", message),))
    return WorkbookResult(path, tuple(results))


def check_workbook(path: str | Path, profile: str | None = None, password: str | None = None) -> WorkbookResult:
    """Read and check one workbook file; reading problems come back as ``error``."""
    path = Path(path)
    try:
        grids = read_workbook(path, password=password)
    except ReadError as exc:
        return WorkbookResult(path, error=str(exc), file_findings=(finding("XT001", "", "", str(exc)),))
    from xltool.templates.tamper import with_template_findings  # opens the file again only for xltool templates

    return with_template_findings(path, grids, check_grids(path, grids, profile))


def _structure(form: Form):
    missing = [label for role, label in (("weight", "分值/权重"), ("score", "得分")) if role not in form.columns]
    if missing:
        cell = form.columns["name"]
        yield finding("XT103", form.sheet, cell.addr, f"指标表缺少“{'”“'.join(missing)}”列，相关得分无法复核。")
