#!/usr/bin/env python3
"""EriX integrator: ./integrate.py --help. The code lives in integrator/."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from integrator.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
