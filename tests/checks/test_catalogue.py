"""Every finding code of the catalogue has a case file with a case that expects it."""

from __future__ import annotations

from tests.checks.cases import all_cases, case_files, load
from xltool.codes import CATALOGUE, SCOPES


def _live_codes() -> set[str]:
    return {c for c, meta in CATALOGUE.items() if not getattr(meta, "retired", False)}


def test_every_code_has_a_case_that_expects_it():
    expecting = {e.get("code", c.code) for c in all_cases() if "xfail" not in c.spec for e in c.spec.get("expect", [])}
    missing = sorted(_live_codes() - expecting)
    assert not missing, f"codes without a case that expects them (add tests/checks/<code>.toml): {missing}"


def test_every_code_declares_a_scope():
    for code, meta in CATALOGUE.items():
        assert meta.scope in SCOPES, f"{code}: scope {meta.scope!r} is not one of {SCOPES}"


def test_every_case_file_is_named_after_an_existing_code():
    for path in case_files():
        data = load(path)
        assert data.get("code") == path.stem, f"{path.name}: code = {data.get('code')!r}"
        assert data["code"] in CATALOGUE, f"{path.name}: {data['code']} is not in xltool/codes.py"
        assert data.get("case"), f"{path.name}: no [[case]]"


def test_every_case_is_well_formed():
    keys = {"name", "why", "profile", "sheet", "rows", "merges", "sheets", "expect", "also", "xfail", "build",
            "bytes", "ext", "template", "cells", "cached"}
    for case in all_cases():
        assert case.spec.get("name") and case.spec.get("why"), f"{case.id}: every case needs a name and a why"
        assert "expect" in case.spec, f"{case.id}: state the expected findings (expect = [] for none)"
        unknown = set(case.spec) - keys
        assert not unknown, f"{case.id}: unknown keys {sorted(unknown)}"
        for entry in case.spec["expect"] + case.spec.get("also", []):
            assert entry.get("code", case.code) in CATALOGUE, f"{case.id}: unknown code in {entry}"
        assert all(e.get("code", case.code) == case.code for e in case.spec["expect"]), \
            f"{case.id}: expect lists findings of the file's code only (others go to also)"
