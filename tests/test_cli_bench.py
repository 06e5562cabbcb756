"""The CLI start-up benchmark (bench/clibench.py) fails when a command fails or misses its target.

No timing of wijkgraph is asserted here: the checks run commands whose outcome does not depend on the machine.
"""

from __future__ import annotations

import sys

from bench import clibench


def test_a_failing_run_is_a_failure_whatever_its_time() -> None:
    seconds, failures = clibench.time_runs([sys.executable, "-c", "import sys; sys.exit('no Neo4j')"], runs=2)
    assert seconds == [] and failures == ["exit 1: no Neo4j"] * 3  # the warm-up run counts as a failure too
    assert clibench.verdict(seconds, failures, 100.0).startswith("NO: 3 run(s) failed (exit 1: no Neo4j)")


def test_a_run_without_the_expected_output_is_a_failure() -> None:
    seconds, failures = clibench.time_runs([sys.executable, "-c", "print('missing_expertise: no rows')"], runs=2,
                                           expect="missing_expertise (")
    assert seconds == [] and len(failures) == 3
    seconds, failures = clibench.time_runs([sys.executable, "-c", "print('missing_expertise (3 rows)')"], runs=2,
                                           expect="missing_expertise (")
    assert len(seconds) == 2 and failures == []


def test_the_verdict_compares_the_median_with_the_target() -> None:
    assert clibench.verdict([0.2, 0.3, 0.9], [], 0.5) == "yes"  # the median, not the slowest run
    assert clibench.verdict([0.2, 0.6, 0.9], [], 0.5) == "NO (1.2x the target)"
    assert [case.target_s for case in clibench.CASES] == [0.5, 1.0, 1.5]
    assert clibench.CASES[2].args == ("analyse", "missing_expertise", "--wijk", "WK063701", "--format", "table")
