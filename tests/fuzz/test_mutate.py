"""The mutation corpus: the generator itself, then the corpus through the command line.

``test_corpus_gets_clear_answers`` is issue 7's acceptance on every CI run: the
light hostile cases plus ``XLTOOL_FUZZ_CASES`` mutants (default 200) go through
``xltool check --format json --annotate`` and the text report in worker processes
with the documented time and memory limits. Every file must get an exit code of
0, 1 or 2 and a message, with no traceback, hang, crash, change to the input or
formula in the copy. The long campaign is ``python benchmarks/fuzz_campaign.py``.
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest

from tests.fuzz import mutate
from tests.fuzz.hostile import BASE, build_all
from tests.fuzz.package import SHEET, read_parts, to_bytes
from tests.fuzz.runner import Job, run
from xltool.io.read import ReadError, read_workbook

CASES = int(os.environ.get("XLTOOL_FUZZ_CASES", "200"))


def test_mutants_are_deterministic_and_named_by_seed():
    assert mutate.mutant(17) == mutate.mutant(17)
    names = {mutate.mutant(s).name for s in range(30)}
    assert len(names) == 30 and all(n.startswith("mutant_000") for n in names)


@pytest.mark.parametrize("mutator", list(dict.fromkeys(mutate.MUTATORS)), ids=lambda m: m.__name__)
def test_each_mutator_changes_the_workbook(mutator):
    original = to_bytes(read_parts(BASE))
    changed = 0
    for seed in range(20):
        parts = read_parts(BASE)
        step = mutator(random.Random(seed), parts)
        assert isinstance(step, str) and step
        changed += to_bytes(parts) != original
    assert changed >= 15


def test_cell_type_mutation_writes_the_kinds_a_submission_holds(tmp_path):
    kinds = Counter(mutate.cell_type(random.Random(s), read_parts(BASE)).split(" -> ")[1] for s in range(60))
    assert set(kinds) == {"error", "serial", "bool", "fullwidth", "huge", "blank", "text_number"}


def test_most_mutants_still_open_so_the_checks_run(tmp_path):
    opened = 0
    for path in mutate.write_mutants(tmp_path, 60, first_seed=1000):
        try:
            read_workbook(path)
            opened += 1
        except ReadError:
            pass
    assert 36 <= opened < 60  # most reach the checks; some are broken on purpose


def test_every_payload_reaches_the_sheet_as_text():
    seen = set()
    for seed in range(300):
        parts = read_parts(BASE)
        step = mutate.inject(random.Random(seed), parts)
        payload = next(p for p in mutate.INJECTIONS if step == f"inject {p[:20]!r}")
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
        assert f"<t>{escaped}</t>".encode() in parts[SHEET]
        seen.add(payload)
    assert seen == set(mutate.INJECTIONS)


def test_damaged_bytes_are_damaged():
    data = BASE.read_bytes()
    for seed in range(20):
        out, step = mutate.damage_bytes(random.Random(seed), data)
        assert len(out) < len(data) if step.startswith("truncate") else (len(out) == len(data) and out != data)


def test_corpus_gets_clear_answers(tmp_path):
    hostile = build_all(tmp_path / "hostile", include_heavy=False)
    jobs = [Job(path, case.args, case.name) for case, path in hostile.values()]
    jobs += [Job(path, (), path.name) for path in mutate.write_mutants(tmp_path / "mutants", CASES)]
    verdicts = run(jobs, workers=2)
    bad = [f"{v.job.label}: {v.status} {v.detail[-800:]}" for v in verdicts if not v.ok]
    assert not bad, "\n".join(bad)
    assert {v.exit_code for v in verdicts} == {0, 1, 2}
    assert all(v.message for v in verdicts)
