"""`python -m course.courseview install`: switch the course view on in this environment."""

import sys
from pathlib import Path

from course.courseview import install

if sys.argv[1:] != ["install"]:
    sys.exit("usage: python -m course.courseview install")
for path in install(Path(sys.prefix)):
    print(f"course view: {path}")
