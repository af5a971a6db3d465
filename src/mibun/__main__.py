"""``python -m mibun`` runs the command line."""

from mibun.cli import main

raise SystemExit(main())
