"""``python -m aipm_planner``: the command line, as ``aipm-planner``."""

from aipm_planner.cli import main

raise SystemExit(main())
