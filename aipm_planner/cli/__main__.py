"""``python -m aipm_planner.cli``: the command line, as ``aipm-planner``."""

from aipm_planner.cli import main

raise SystemExit(main())
