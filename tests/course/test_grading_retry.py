"""Which nbgrader failures grading tries again, and how often (pure: no kernel is started)."""

from __future__ import annotations

from course.grading import ATTEMPTS, retrying, transient

LOCKED = {"success": False, "error": "Traceback ...\nsqlite3.OperationalError: database is locked",
          "log": ""}
PORT_RACE = {"success": False, "error": "",
             "log": "[ERROR] There was an error processing assignment: ...\n"
                    "RuntimeError: Kernel died before replying to kernel_info"}
LEARNER_KILLED_KERNEL = {"success": False, "error": "",
                         "log": "DeadKernelError: Kernel died while waiting for execute reply"}
DONE = {"success": True, "error": "", "log": ""}


def calls(*results: dict):
    """A fake nbgrader call that returns the given results in turn; .count says how many ran."""
    queue = list(results)

    def call() -> dict:
        call.count += 1
        return queue.pop(0)

    call.count = 0
    return call


def test_a_kernel_that_dies_at_start_up_is_started_again() -> None:
    call = calls(PORT_RACE, DONE)
    result, attempts = retrying(call, pause=0)
    assert result is DONE and attempts == 2 and call.count == 2


def test_a_locked_gradebook_is_tried_again() -> None:
    result, attempts = retrying(calls(LOCKED, LOCKED, DONE), pause=0)
    assert result is DONE and attempts == 3


def test_a_kernel_killed_by_the_submission_is_not_tried_again() -> None:
    call = calls(LEARNER_KILLED_KERNEL, DONE)
    result, attempts = retrying(call, pause=0)
    assert result is LEARNER_KILLED_KERNEL and attempts == 1 and call.count == 1


def test_retries_stop_after_the_last_attempt_with_its_failure() -> None:
    call = calls(*[PORT_RACE] * (ATTEMPTS + 2))
    result, attempts = retrying(call, pause=0)
    assert result is PORT_RACE and attempts == ATTEMPTS == call.count


def test_only_start_up_and_lock_failures_are_transient() -> None:
    assert transient(PORT_RACE) and transient(LOCKED)
    assert not transient(LEARNER_KILLED_KERNEL)
    assert not transient({"success": False, "error": "AssertionError: wrong answer", "log": ""})
