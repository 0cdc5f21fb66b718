"""Shared test options: ``--update-golden`` rewrites golden files instead of comparing."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.json from current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")
