"""Every case of every ``tests/checks/XTnnn.toml``: build the workbook, check it, compare the findings.

A case states exactly which findings of its file's code the checker must report
(code, severity, sheet, cell); findings of other codes are ignored unless the
case lists them under ``also`` (then they must be present).
"""

from __future__ import annotations

import pytest

from tests.checks.cases import all_cases, build
from xltool.api import check_workbook

CASES = all_cases()


def _param(case):
    marks = [pytest.mark.xfail(reason=case.spec["xfail"], strict=True)] if "xfail" in case.spec else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case, tmp_path):
    path = build(case, tmp_path)
    result = check_workbook(path, profile=case.spec.get("profile"))
    found = {(f.code, f.severity.value, f.sheet, f.cell) for f in result.findings}
    own = {f for f in found if f[0] == case.code}
    why = case.spec.get("why", "")
    details = "\n".join(f"  {f.code} {f.severity.value} {f.sheet}!{f.cell}: {f.message}" for f in result.findings)
    assert own == case.expected("expect"), f"{case.id}\n{why}\nall findings:\n{details}"
    missing = case.expected("also") - found
    assert not missing, f"{case.id}: expected also {sorted(missing)}\nall findings:\n{details}"
