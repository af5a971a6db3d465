"""Run the command as a user would, in-process (see tests/cli_runner.py)."""

import re

from tests.cli_runner import invoke

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(*args, check_rc=None, env=None):
    proc = invoke(*args, env=env)
    if check_rc is not None:
        assert proc.returncode == check_rc, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc
