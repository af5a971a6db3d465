"""The tour is built once per session per language and shared by every test that reads it."""

import json

import pytest

from tests.cli.helpers import run


@pytest.fixture(scope="session")
def english_tour(tmp_path_factory):
    """(folder, JSON output, process result) of ``mibun tour -o DIR --json``, built once."""
    out = tmp_path_factory.mktemp("tour-en") / "tour"
    proc = run("tour", "-o", str(out), "--json", check_rc=0)
    return out, json.loads(proc.stdout), proc


@pytest.fixture(scope="session")
def korean_tour(tmp_path_factory):
    """(folder, process result) of ``mibun tour --lang ko --epochs 2``, built once."""
    out = tmp_path_factory.mktemp("tour-ko") / "t"
    return out, run("tour", "-o", str(out), "--lang", "ko", "--epochs", "2", check_rc=0)
