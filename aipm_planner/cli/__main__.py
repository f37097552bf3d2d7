"""``python -m aipm_planner.cli``: the command line, as ``aipm-planner``."""

from aipm_planner.cli import main

if __name__ == "__main__":  # importing it (as a module walk does) runs nothing
    raise SystemExit(main())
