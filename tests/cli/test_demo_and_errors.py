import pytest

from mibun.cli.args import number, point
from mibun.errors import InputError
from tests.cli.helpers import HANGUL, run


def test_help_and_no_command():
    out = run(check_rc=0).stdout
    assert "demo" in out and "usage" in out.lower()


def test_demo_prints_gradients_next_to_finite_differences():
    proc = run("demo", check_rc=0)
    assert "finite differences" in proc.stdout
    assert "all gradients agree" in proc.stdout
    assert not HANGUL.search(proc.stdout)


@pytest.mark.parametrize("where", ["before", "after"])
def test_demo_in_korean(where):
    args = ["--lang", "ko", "demo"] if where == "before" else ["demo", "--lang", "ko"]
    proc = run(*args, check_rc=0)
    assert HANGUL.search(proc.stdout) and "유한차분" in proc.stdout


def test_python_dash_m_and_console_script_share_main():
    from mibun.cli import main

    assert main(["demo"]) == 0


def test_point_parsing_is_safe_and_clear():
    assert point("x=3, y=-2.5") == {"x": 3.0, "y": -2.5}
    assert point("t=inf") == {"t": float("inf")}
    with pytest.raises(InputError, match="name=value"):
        point("3,4")
    with pytest.raises(InputError, match="not a variable name"):
        point("__class__.x=3")
    with pytest.raises(InputError):
        number("__import__('os')")
