"""The answer comparison of the benchmark (bench/compare.py) cannot pass by accident: a duplicated row, a wrong order,
an empty comparison and a compared kind that neither side has each fail it (issue 18)."""

from __future__ import annotations

from bench import baseline
from bench.compare import compare

GAPS = [("WK1", "no_team", None, "no team serves the wijk", ()),
        ("WK1", "empty_group", None, "group C", ()),
        ("WK2", "empty_group", None, "group A", ()),
        ("WK1", "contact_never_verified", None, "Anna Smit (P-1)", ("never verified",))]


def test_equal_answers_pass_with_both_row_counts() -> None:
    result = compare(GAPS, list(reversed(GAPS)), baseline.ORDER["gaps"])
    assert result.equal and result.verdict() == "yes (4 rows in Neo4j, 4 in the baseline)"
    assert result.summary()["got_rows"] == result.summary()["expected_rows"] == 4


def test_a_duplicated_row_fails() -> None:
    result = compare([*GAPS[:2], GAPS[1], *GAPS[2:]], GAPS, baseline.ORDER["gaps"])
    assert not result.equal
    assert result.only_got == [GAPS[1]] and result.only_expected == []
    assert result.verdict() == "NO: 1 rows only in Neo4j, 0 only in the baseline (5 rows in Neo4j, 4 in the baseline)"


def test_a_missing_repeat_of_a_row_fails() -> None:
    result = compare(GAPS, [*GAPS, GAPS[0]])
    assert not result.equal and result.only_expected == [GAPS[0]]


def test_a_wrong_order_fails() -> None:
    swapped = [GAPS[1], GAPS[0], *GAPS[2:]]  # empty_group before no_team: the gravest kind must come first
    result = compare(swapped, GAPS, baseline.ORDER["gaps"])
    assert not result.equal and result.out_of_order == 1
    assert result.verdict() == "NO: row 1 out of order (4 rows in Neo4j, 4 in the baseline)"
    # Without an order defined (the network measures) the same rows compare equal as a multiset.
    assert compare(swapped, GAPS).equal


def test_the_order_keys_follow_the_cypher_headers() -> None:
    me = [("WK2", "GGZ", "missing", 3, ()), ("WK1", "GGZ", "missing", 1, ()), ("WK1", "JEUGD", "missing", 1, ()),
          ("WK1", "GGZ", "fly_in", 9, ("agreement A",)), ("WK1", "LVB", "in_team", 0, ("Anna (P-1)",))]
    assert compare(me, me, baseline.ORDER["missing_expertise"]).equal
    assert compare(me[1:2] + me[:1] + me[2:], me, baseline.ORDER["missing_expertise"]).out_of_order == 1
    overlap = [("WK2", "HH-2", "financien", 3, (), None), ("WK1", "HH-1", "financien", 2, (), None),
               ("WK1", "HH-1", "huisvesting", 2, (), None)]
    assert compare(overlap, overlap, baseline.ORDER["overlapping_helpers"]).equal
    assert compare(overlap[::-1], overlap, baseline.ORDER["overlapping_helpers"]).out_of_order == 1


def test_an_empty_comparison_fails() -> None:
    result = compare([], [], baseline.ORDER["gaps"])
    assert result.empty and not result.equal
    assert result.verdict() == "NO: nothing to compare (0 rows in Neo4j, 0 in the baseline)"


def test_a_required_kind_empty_on_both_sides_fails() -> None:
    result = compare(GAPS, GAPS, baseline.ORDER["gaps"], lambda row: row[1], baseline.GAP_KINDS)
    assert not result.equal
    assert result.empty_kinds == ["no_civil_partner", "missing_signaller", "uncovered_need", "no_coordinator",
                                  "contact_stale"]
    assert result.verdict().startswith("NO: no no_civil_partner, missing_signaller, uncovered_need, no_coordinator, "
                                       "contact_stale rows on either side (4 rows")
    # A kind that only one side has is a difference, not an empty kind.
    one_sided = compare(GAPS[:1], GAPS, None, lambda row: row[1], ("empty_group",))
    assert one_sided.empty_kinds == [] and len(one_sided.only_expected) == 3
