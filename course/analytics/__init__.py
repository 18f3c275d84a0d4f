"""Course analytics: pandas over nbgrader's gradebook, the schedule and the submissions.

`load_cohort(config, root)` reads a snapshot; `analyse(data)` computes every table the cohort
dashboard shows and the reports export; `for_group` narrows a snapshot to one group. The item
statistics (`stats`) are pure functions, tested on hand-worked cases.
"""

from course.analytics.data import CohortData, for_group, load_cohort
from course.analytics.summary import Analysis, analyse

__all__ = ["Analysis", "CohortData", "analyse", "for_group", "load_cohort"]
