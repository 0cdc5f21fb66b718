"""The 自评表 checks, in one list: each compares what a form declares with what ``recalc`` expects.

Checks read only the typed model and the recalculation (never a spreadsheet
library) and yield ``Finding`` records; they never raise on odd data.
"""

from __future__ import annotations

from collections.abc import Iterator

from xltool.findings import Finding
from xltool.compute.recalc import FormCalc
from xltool.checks import columns, error_values, funds, indicators, narrative, totals

CHECKS = (columns.check, error_values.check, funds.check, indicators.check, totals.check, narrative.check)


def run_checks(calc: FormCalc) -> Iterator[Finding]:
    """All findings for one recalculated form."""
    for check in CHECKS:
        yield from check(calc)
