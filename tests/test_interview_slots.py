"""Interview sessions and slots: the layout of a session, assigning and moving slots, the candidate's answer,
the invitation with its calendar file, the candidate's page and HR's admin."""

import datetime as dt

import pytest

from interviews.scheduling import Grid, slots_plan

T9 = dt.datetime(2026, 12, 15, 1, 0, tzinfo=dt.UTC)  # 09:00 in Kuala Lumpur


def at(minutes: int) -> dt.datetime:
    return T9 + dt.timedelta(minutes=minutes)


def starts(plan) -> list[tuple[str, int]]:
    return [(entry, int((start - T9).total_seconds() // 60)) for entry, start, _end in plan.placed]


# The layout (a pure function)


def test_slots_follow_each_other_with_the_gap():
    plan = slots_plan(grid=Grid(T9, 30, gap_minutes=5), entries=["a", "b", "c"])
    assert starts(plan) == [("a", 0), ("b", 35), ("c", 70)]
    assert plan.placed[0][2] == at(30)
    assert plan.not_fitting == []


def test_a_break_replaces_the_gap_after_every_n_candidates():
    grid = Grid(T9, 30, gap_minutes=5, break_every=2, break_minutes=15)
    plan = slots_plan(grid=grid, entries=list("abcde"))
    assert starts(plan) == [("a", 0), ("b", 35), ("c", 80), ("d", 115), ("e", 160)]


def test_a_slot_ending_exactly_at_ends_by_fits_and_the_next_does_not():
    grid = Grid(T9, 30, gap_minutes=0, ends_by=at(90))
    plan = slots_plan(grid=grid, entries=list("abcd"))
    assert starts(plan) == [("a", 0), ("b", 30), ("c", 60)]
    assert plan.placed[-1][2] == at(90)
    assert plan.not_fitting == ["d"]


def test_nothing_fits_when_ends_by_is_shorter_than_one_slot():
    plan = slots_plan(grid=Grid(T9, 30, ends_by=at(29)), entries=["a"])
    assert plan.placed == [] and plan.not_fitting == ["a"]


def test_a_panel_shared_by_two_sessions_of_two_posts_on_one_morning_never_sits_twice_at_once():
    first = slots_plan(grid=Grid(T9, 30), entries=["a", "b"])  # post 1: 09:00, 09:30
    busy = [(start, end) for _entry, start, end in first.placed]
    second = slots_plan(grid=Grid(at(15), 20, ends_by=at(180)), entries=["x", "y", "z"], busy=busy)
    assert starts(second) == [("x", 75), ("y", 95), ("z", 115)]  # the first grid slot free of both is 10:15
    for _entry, start, end in second.placed:
        assert all(not (start < other_end and other_start < end) for other_start, other_end in busy)


def test_a_candidate_in_two_posts_takes_the_next_free_slot_and_the_others_keep_their_order():
    elsewhere = {"b": [(at(30), at(60))]}  # b is interviewed for another post at 09:30
    plan = slots_plan(grid=Grid(T9, 30), entries=["a", "b", "c", "d"], candidate_busy=elsewhere)
    assert starts(plan) == [("a", 0), ("b", 60), ("c", 30), ("d", 90)]


def test_a_candidate_busy_until_the_end_of_the_session_does_not_fit():
    elsewhere = {"a": [(T9, at(120))]}
    plan = slots_plan(grid=Grid(T9, 30, ends_by=at(120)), entries=["a", "b"], candidate_busy=elsewhere)
    assert starts(plan) == [("b", 0)]
    assert plan.not_fitting == ["a"]


def test_touching_slots_do_not_clash():
    plan = slots_plan(grid=Grid(T9, 30), entries=["a"], busy=[(at(-30), T9), (at(30), at(60))])
    assert starts(plan) == [("a", 0)]


def test_grid_knows_its_own_times():
    grid = Grid(T9, 30, gap_minutes=10, ends_by=at(120))
    assert grid.contains(at(40)) and not grid.contains(at(30)) and not grid.contains(at(120))
