"""Run the command in a subprocess, as a user would."""

import os
import re
import subprocess
import sys

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(*args, check_rc=None, env=None):
    e = dict(os.environ, MPLBACKEND="Agg", MIBUN_LANG="en", PYTHONIOENCODING="utf-8")
    e.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "mibun", *args], capture_output=True, text=True,
                          encoding="utf-8", env=e, timeout=300)
    if check_rc is not None:
        assert proc.returncode == check_rc, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc
