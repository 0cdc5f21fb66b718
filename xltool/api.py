"""The one entry point front ends use: check a workbook, get a result.

``check_workbook`` runs the whole one-way flow — read, detect, recalculate,
check — and never raises for a bad input file: a file that cannot be read
becomes a result with ``error`` set, so the CLI, batch mode and the add-in can
report it and go on.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from xltool.checks.form import run_checks
from xltool.codes import finding, fragment
from xltool.compute import profiles
from xltool.compute.profiles import Profile
from xltool.compute.recalc import recalc_form
from xltool.detect.forms import detect_forms
from xltool.detect.scoring import find_scoresheets
from xltool.io.read import ReadError, read_workbook
from xltool.model.grid import SheetGrid
from xltool.model.form import Form
from xltool.result import FormResult, ScoreSheetResult, WorkbookResult


def check_grids(path: Path, grids: list[SheetGrid], profile: str | Profile | None = None) -> WorkbookResult:
    """Detect, recalculate and check forms in already-read grids (the add-in's entry).

    ``profile`` forces one rule profile (a name, a .toml path or a loaded ``Profile``);
    it is resolved here once and passed down. Without it each 自评表 gets the profile
    its layout implies and scoring tables the default one.
    """
    forced = profile if isinstance(profile, Profile) else profiles.require(profile)
    forms = [form for grid in grids for form in detect_forms(grid)]
    scoring = _check_scoresheets(grids, forms, forced or profiles.load(profiles.DEFAULT))
    results = []
    for form in forms:
        if any(sheet.claims(form) for sheet in scoring):
            continue  # a scoring table with 目标值/分值 columns is not a 自评表
        chosen = forced or profiles.choose(set(form.columns))
        calc = recalc_form(form, chosen)
        results.append(FormResult(calc, tuple(run_checks(calc))))
    results = [*scoring, *results]
    if not results:
        names = "、".join(g.name for g in grids) or fragment("XT002", "no_sheets")
        none = finding("XT002", grids[0].name if grids else "", "", "default", sheets=names)
        return WorkbookResult(path, error=none.message, file_findings=(none,))
    return WorkbookResult(path, tuple(results))


def _check_scoresheets(grids: list[SheetGrid], forms: list[Form], profile: Profile) -> list[ScoreSheetResult]:
    tables = find_scoresheets(grids)
    if not tables:
        return []
    # the scoring-table checks and their rule-text parser are imported only for a workbook that has
    # such a table: ~20 ms of every start-up that checks 自评表 alone
    from xltool.checks.scoring import check_scoresheets

    return check_scoresheets(grids, tables, forms, profile)


def check_workbook(path: str | Path, profile: str | Profile | None = None, password: str | None = None) -> WorkbookResult:
    """Read and check one workbook file; reading problems come back as ``error``."""
    path = Path(path)
    parts: set[str] = set()
    try:
        grids = read_workbook(path, password=password, parts=parts)
    except ReadError as exc:
        return unreadable(path, exc)
    return check_read(path, grids, profile, parts=parts)


def unreadable(path: Path, exc: ReadError) -> WorkbookResult:
    """The result for a file the reader refused: its reason as the error and as XT001."""
    found = finding("XT001", "", "", "default", reason=str(exc))
    return WorkbookResult(path, error=found.message, file_findings=(found,))


def check_read(path: Path, grids: list[SheetGrid], profile: str | Profile | None = None, formulas=None,
               parts: set[str] | None = None) -> WorkbookResult:
    """Everything ``check_workbook`` does once the grids are read: the add-in's buttons call this too.

    ``formulas(sheet, addr)`` gives the formulas of a workbook held open (the add-in);
    without it the template checks open ``path`` itself. ``parts`` are the file's part
    names as the reader listed them (``read_workbook``), when it did.
    """
    from xltool.checks.tamper import with_template_findings  # opens the file again only for xltool templates

    result = with_computed_findings(grids, check_grids(path, grids, profile))
    return with_template_findings(path, grids, result, formulas, parts)


def with_computed_findings(grids: list[SheetGrid], result: WorkbookResult) -> WorkbookResult:
    """``result`` plus XT113 for formula cells the reader had to compute (``xltool.io.formula_values``)."""
    from xltool.io.formula_values import findings

    found = findings(grids)
    return replace(result, file_findings=tuple(result.file_findings) + tuple(found)) if found else result

