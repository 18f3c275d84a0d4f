"""The save-state line and the exam progress panel as pure text: states, times, runs, colours."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from widgets.status import (
    COLOURS,
    Progress,
    describe,
    failed,
    line_html,
    progress,
    progress_html,
    runs,
    saved,
    saved_time,
    unsaved,
)
from widgets.store import Saved

UTC = timezone.utc
PARIS_WINTER = timezone(timedelta(hours=1))
NEW_YORK_WINTER = timezone(timedelta(hours=-5))
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


def record(value: object = "b", saved_at: str = "2025-12-04T14:02:09+00:00") -> Saved:
    return Saved(value, 1, saved_at)


@pytest.mark.parametrize(("saved_at", "tz", "shown"), [
    ("2025-12-04T14:02:09+00:00", UTC, "14:02, 4 Dec"),
    ("2025-12-04T14:02:09+00:00", PARIS_WINTER, "15:02, 4 Dec"),
    ("2025-12-04T02:30:00+00:00", NEW_YORK_WINTER, "21:30, 3 Dec"),  # the day before, locally
    ("2025-06-30T23:59:59+00:00", PARIS_WINTER, "00:59, 1 Jul"),
    ("2025-01-09T08:05:00", UTC, "08:05, 9 Jan"),  # no zone: UTC, as the store writes
    ("2024-12-31T23:30:00+00:00", UTC, "23:30, 31 Dec 2024"),  # another year says which
])
def test_saved_time_in_the_learners_zone(saved_at: str, tz: timezone, shown: str) -> None:
    assert saved_time(saved_at, now=NOW, tz=tz) == shown


@pytest.mark.parametrize("bad", ["", "yesterday", "2025-13-01T00:00:00"])
def test_an_unreadable_saved_at_gives_no_time(bad: str) -> None:
    assert saved_time(bad, now=NOW, tz=UTC) is None
    assert saved(record(saved_at=bad), now=NOW, tz=UTC).text == "Saved"


def test_saved_time_defaults_to_the_kernels_local_zone(kernel_zone: None) -> None:
    assert saved_time("2025-12-04T14:02:09+00:00", now=NOW) == "17:02, 4 Dec"


def test_the_three_states() -> None:
    line = saved(record(), now=NOW, tz=UTC)
    assert (line.state, line.text) == ("saved", "Saved \u00b7 14:02, 4 Dec")
    assert (unsaved().state, unsaved().text) == ("unsaved", "Not saved yet")
    assert unsaved("press Check to save it.").text == "Not saved yet: press Check to save it."
    trouble = failed(PermissionError(13, "Permission denied"))
    assert (trouble.state, trouble.text) == ("failed", "Not saved: Permission denied")
    assert failed(OSError("disk gone")).text == "Not saved: disk gone"


def test_describe_compares_the_screen_with_the_saved_answer() -> None:
    hint = "press Check to save it."
    assert describe(None, None, hint) == unsaved()
    assert describe(None, "", hint) == unsaved()
    assert describe(None, ["a"], hint) == unsaved(hint)
    assert describe(record(["a", "b"]), ["a", "b"], hint).state == "saved"
    assert describe(record(["a", "b"]), ["a"], hint) == unsaved(hint)
    assert describe(record(["a", "b"]), None, hint) == unsaved()
    assert describe(record(False), False).state == "saved"


def test_line_html_is_findable_and_escaped() -> None:
    html = line_html(failed(OSError("<b>disk</b> & co")))
    assert 'class="tmkit-saved"' in html and 'role="status"' in html
    assert 'data-state="failed"' in html and "font-weight:600" in html
    assert "&lt;b&gt;disk&lt;/b&gt; &amp; co" in html and "<b>" not in html
    assert f"color:{COLOURS['failed']}" in html
    assert 'data-state="unsaved"' in line_html(unsaved())
    assert 'data-state="saved"' in line_html(saved(record()))


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of a #rrggbb colour against white."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_contrast_helper_matches_known_ratios() -> None:
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#ffffff") == pytest.approx(1.0)
    assert contrast_on_white("#777777") == pytest.approx(4.48, abs=0.01)  # just fails AA


@pytest.mark.parametrize("state", sorted(COLOURS))
def test_text_colours_meet_wcag_aa_on_white(state: str) -> None:
    assert re.fullmatch(r"#[0-9a-f]{6}", COLOURS[state])
    assert contrast_on_white(COLOURS[state]) >= 4.5


@pytest.mark.parametrize(("numbers", "text"), [
    ([], ""),
    ([4], "4"),
    ([7, 8], "7, 8"),
    ([3, 7, 8, 9, 10, 11, 12], "3, 7\u201312"),
    ([12, 3, 11, 10, 3], "3, 10\u201312"),
    ([1, 2, 3, 5, 6, 8, 9, 10, 11, 40], "1\u20133, 5, 6, 8\u201311, 40"),
])
def test_runs_are_compressed(numbers: list[int], text: str) -> None:
    assert runs(numbers) == text


def test_progress_counts_and_lists_what_is_missing() -> None:
    state = progress([True, True, False, True, True, True, False, False, False, False, False,
                      False, True])
    assert state == Progress(6, 13, (3, 7, 8, 9, 10, 11, 12))
    assert state.head == "6 of 13 questions answered."
    assert state.detail == "Not answered yet: Questions 3, 7\u201312."
    one = progress([True, False, True])
    assert one.detail == "Not answered yet: Question 2."
    nothing = progress([False] * 40)
    assert (nothing.head, nothing.detail) == ("0 of 40 questions answered.",
                                              "Not answered yet: Questions 1\u201340.")


def test_progress_says_plainly_when_all_are_answered() -> None:
    state = progress([True] * 40)
    assert state.head == "All 40 questions answered."
    assert state.detail == "You can still change answers until you submit."
    assert progress([True]).head == "All 1 question answered."
    assert (progress([]).head, progress([]).detail) == ("No questions yet.", "")


def test_progress_html_carries_the_counts() -> None:
    html = progress_html(progress([True, False, False]))
    assert 'class="tmkit-progress"' in html
    assert 'data-answered="1"' in html and 'data-total="3"' in html
    assert "<strong>1 of 3 questions answered.</strong> Not answered yet: Questions 2, 3." in html
    assert "All 2 questions answered." in progress_html(progress([True, True]))
