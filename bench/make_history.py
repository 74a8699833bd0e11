"""Write the demo office with its Git history (``patracker demo --history``) for the bench.

Usage: make_history.py PEOPLE REPO.
"""

from __future__ import annotations

import sys
from pathlib import Path

from patracker.demo import DemoSpec
from patracker.demo.gitimport import write_history

if __name__ == "__main__":
    people = int(sys.argv[1])
    write_history(DemoSpec(people=people, schools=max(2, people // 12)), Path(sys.argv[2]))
