"""Errors on the command line: one line ``mibun: error: …`` (Korean under --lang ko / MIBUN_LANG=ko), exit 2 for
bad input, 1 for an internal failure, a traceback only with --debug."""

import pytest

from tests.cli.helpers import HANGUL, run


def one_line(proc):
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.mark.parametrize("args", [
    ["diff"],                          # argparse: a missing argument
    ["diff", "x^2", "--at"],           # argparse: a flag without its value
    ["plot", "nonsense", "-o", "x.png"],
    ["nosuchcommand"],
    ["limit", "sin(x)/x", "--to", "abc"],
    ["check", "x*y", "--at", "x=1"],
    ["diff", "x^2", "--at", "x=3,4"],
])
def test_bad_input_is_one_english_line_and_exit_2(args):
    line = one_line(run(*args, check_rc=2))
    assert line.startswith("mibun: error: ") and not HANGUL.search(line)


def test_argparse_errors_name_the_flag_and_point_at_help():
    line = one_line(run("diff", "x^2", "--at", check_rc=2))
    assert line == "mibun: error: --at needs a value (see: mibun diff --help)"
    line = one_line(run("--lang", "ko", "diff", check_rc=2))
    assert line.startswith("mibun: 오류: expr") and line.endswith("빠졌습니다 (도움말: mibun diff --help)")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_korean_errors_name_the_cli_flags(how):
    args = ["--lang", "ko"] if how == "flag" else []
    env = {"MIBUN_LANG": "ko"} if how == "env" else None
    line = one_line(run(*args, "diff", "a*b", check_rc=2, env=env))
    assert line.startswith("mibun: 오류: ") and "--wrt" in line and HANGUL.search(line[12:])
    line = one_line(run(*args, "plot", "tangent", "x^2", "-o", "x.png", check_rc=2, env=env))
    assert "--at" in line and "필요합니다" in line
    line = one_line(run(*args, "limit", "sin(x)/x", "--to", "abc", check_rc=2, env=env))
    assert "--to" in line and "수여야 합니다" in line


def broken(args):
    """A subcommand that fails inside (module level: the command's worker receives it pickled)."""
    raise ZeroDivisionError("boom")


def test_internal_failure_is_one_line_exit_1_and_debug_shows_the_traceback(monkeypatch):
    import mibun.cli.diff as d

    monkeypatch.setattr(d, "run", broken)
    line = one_line(run("diff", "x^2", check_rc=1))
    assert line.startswith("mibun: error: internal error (ZeroDivisionError: boom)")
    proc = run("diff", "x^2", "--debug", check_rc=1)
    assert "Traceback" in proc.stderr and "ZeroDivisionError" in proc.stderr
    assert "내부 오류" in one_line(run("--lang", "ko", "diff", "x^2", check_rc=1))
