"""The package as users install it: the wheel holds every module and every data file of src/mibun, stays
under 10 MB, and declares numpy>=2. In CI (.ci/run sets MIBUN_WHEEL) the tests import mibun from the
installed wheel, not from the source tree."""

import os
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mibun"
WHEEL = os.environ.get("MIBUN_WHEEL")
IN_CI = os.environ.get("CI") == "true"


def source_files() -> set[str]:
    """Every file a user needs: modules and package data (no caches, no compiled files)."""
    return {"mibun/" + p.relative_to(SRC).as_posix() for p in SRC.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")}


@pytest.fixture(scope="module")
def wheel_names():
    if not WHEEL:
        if IN_CI:
            pytest.fail("CI must test the built wheel: .ci/run sets MIBUN_WHEEL")
        pytest.skip("no wheel built (set MIBUN_WHEEL=path/to/mibun-*.whl; .ci/run does)")
    with zipfile.ZipFile(WHEEL) as z:
        return {i.filename for i in z.infolist()}


def test_wheel_holds_every_module_and_data_file(wheel_names):
    missing = sorted(source_files() - wheel_names)
    assert not missing, f"files of src/mibun missing from the wheel (add them to package-data): {missing}"
    assert "mibun/py.typed" in wheel_names
    assert any(n.startswith("mibun/i18n/ko/") for n in wheel_names)


def test_wheel_is_small_and_declares_numpy_2(wheel_names):
    assert Path(WHEEL).stat().st_size < 10 * 2**20
    with zipfile.ZipFile(WHEEL) as z:
        meta = next(n for n in wheel_names if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8")
    assert re.search(r"^Requires-Dist: numpy>=2", text, flags=re.M), "numpy>=2 must be declared"


def test_tests_import_the_installed_package_in_ci():
    import mibun

    where = Path(mibun.__file__).resolve()
    if WHEEL:
        assert "site-packages" in where.parts and SRC not in where.parents, where
    else:
        assert where.name == "__init__.py"


def test_pyproject_declares_numpy_2_and_python_310():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"numpy>=2"' in text and 'requires-python = ">=3.10"' in text
    assert sys.version_info >= (3, 10)
