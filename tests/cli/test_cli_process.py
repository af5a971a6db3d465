"""The one test that starts a real process: ``python -m mibun`` prints the answer, and bad input gives one
line on stderr and exit status 2 (every other CLI test calls main(argv) in-process)."""

import os
import subprocess
import sys


def test_python_dash_m_mibun_as_a_process():
    env = dict(os.environ, MIBUN_LANG="en", PYTHONIOENCODING="utf-8", MPLBACKEND="Agg")
    ok = subprocess.run([sys.executable, "-m", "mibun", "diff", "x^3"], capture_output=True, text=True,
                        encoding="utf-8", env=env)
    assert ok.returncode == 0 and "3·x^2" in ok.stdout, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "mibun", "diff", "a*b"], capture_output=True, text=True,
                         encoding="utf-8", env=env)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()] and bad.stderr.startswith("mibun: error: ")
