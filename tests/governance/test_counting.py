"""The election count with hand-made ballots: every method, every round, and ties reported, never guessed."""

import pytest

from koers.governance.counting import Method, Round, election_count

A, B, C, D, E = 1, 2, 3, 4, 5


def ballots(*groups: tuple[int, list[int]]) -> list[list[int]]:
    """(how many, preferences) → that many identical ballots."""
    return [list(preferences) for n, preferences in groups for _ in range(n)]


def test_first_past_the_post_clear_winner():
    count = election_count(candidates=[A, B, C], seats=1, ranked=False, ballots=ballots((5, [A]), (3, [B]), (1, [C])))
    assert count.method == Method.PLURALITY
    assert count.rounds == (Round(number=1, seat=1, tallies=((A, 5), (B, 3), (C, 1)), elected=(A,)),)
    assert (count.elected, count.tied, count.decided, count.open_seats, count.ballots) == ((A,), (), True, 0, 9)


def test_first_past_the_post_tie_is_reported_not_guessed():
    count = election_count(candidates=[A, B, C], seats=1, ranked=False, ballots=ballots((4, [B]), (4, [A]), (1, [C])))
    assert count.rounds[0].tallies == ((A, 4), (B, 4), (C, 1))  # level ones in ballot order, only for listing
    assert (count.elected, count.tied, count.decided, count.open_seats) == ((), (A, B), False, 1)
    assert set(count.outcomes) == {frozenset({A}), frozenset({B})}


def test_block_vote_elects_the_most_chosen_for_every_seat():
    count = election_count(
        candidates=[A, B, C, D],
        seats=2,
        ranked=False,
        ballots=ballots((3, [A, B]), (2, [A, C]), (2, [B, D]), (1, [C])),
    )
    assert count.method == Method.BLOCK
    assert count.rounds[0].tallies == ((A, 5), (B, 5), (C, 3), (D, 2))
    assert (count.elected, count.tied, count.outcomes) == ((A, B), (), (frozenset({A, B}),))


def test_block_vote_tie_for_the_last_seat_keeps_the_sure_seat():
    count = election_count(
        candidates=[A, B, C, D], seats=2, ranked=False, ballots=ballots((2, [A, B]), (1, [A, C]), (1, [D]))
    )
    assert count.rounds[0].tallies == ((A, 3), (B, 2), (C, 1), (D, 1))
    assert (count.elected, count.tied, count.decided) == ((A, B), (), True)
    count = election_count(
        candidates=[A, B, C, D], seats=2, ranked=False, ballots=ballots((2, [A, B]), (2, [A, C]), (1, [D]))
    )
    assert (count.elected, count.tied, count.open_seats) == ((A,), (B, C), 1)
    assert count.rounds[0].tied == (B, C)
    assert set(count.outcomes) == {frozenset({A, B}), frozenset({A, C})}


def test_a_bottom_tie_in_a_later_round_that_decides_the_winner_is_reported():
    # D drops out and passes to C; then B and C are level at the bottom and whoever stays wins.
    count = election_count(
        candidates=[A, B, C, D],
        seats=1,
        ranked=True,
        ballots=ballots((8, [A]), (6, [B, C]), (4, [C, B]), (2, [D, C, B]), (1, [D])),
    )
    assert count.method == Method.RUNOFF
    assert count.rounds == (
        Round(number=1, seat=1, tallies=((A, 8), (B, 6), (C, 4), (D, 3)), eliminated=(D,)),
        Round(number=2, seat=1, tallies=((A, 8), (B, 6), (C, 6)), exhausted=1, tied=(B, C)),
    )
    assert (count.elected, count.tied, count.open_seats) == ((), (B, C), 1)


def test_instant_runoff_with_redistribution_in_three_rounds():
    count = election_count(
        candidates=[A, B, C, D],
        seats=1,
        ranked=True,
        ballots=ballots((8, [A]), (7, [B, C]), (4, [C, B]), (2, [D, C, B]), (1, [D])),
    )
    assert count.rounds == (
        Round(number=1, seat=1, tallies=((A, 8), (B, 7), (C, 4), (D, 3)), eliminated=(D,)),
        Round(number=2, seat=1, tallies=((A, 8), (B, 7), (C, 6)), exhausted=1, eliminated=(C,)),
        Round(number=3, seat=1, tallies=((B, 13), (A, 8)), exhausted=1, elected=(B,)),
    )
    assert (count.elected, count.tied, count.decided, count.tie_settled) == ((B,), (), True, False)


def test_instant_runoff_majority_in_the_first_round():
    count = election_count(candidates=[A, B, C], seats=1, ranked=True, ballots=ballots((4, [C, A]), (2, [A]), (1, [B])))
    assert count.rounds == (Round(number=1, seat=1, tallies=((C, 4), (A, 2), (B, 1)), elected=(C,)),)


def test_a_bottom_tie_that_decides_the_winner_is_reported():
    count = election_count(
        candidates=[A, B, C], seats=1, ranked=True, ballots=ballots((5, [A]), (3, [B, C]), (3, [C, B]))
    )
    assert count.rounds == (Round(number=1, seat=1, tallies=((A, 5), (B, 3), (C, 3)), tied=(B, C)),)
    assert (count.elected, count.tied, count.decided, count.open_seats) == ((), (B, C), False, 1)
    assert set(count.outcomes) == {frozenset({B}), frozenset({C})}


def test_a_bottom_tie_that_changes_nothing_settles_itself():
    count = election_count(
        candidates=[A, B, C], seats=1, ranked=True, ballots=ballots((5, [A]), (3, [B, A]), (3, [C, A]))
    )
    assert count.rounds == (Round(number=1, seat=1, tallies=((A, 5), (B, 3), (C, 3)), elected=(A,), tied=(B, C)),)
    assert (count.elected, count.decided, count.tie_settled) == ((A,), True, True)


def test_level_candidates_who_cannot_catch_up_drop_out_together():
    count = election_count(
        candidates=[A, B, C, D], seats=1, ranked=True, ballots=ballots((5, [A]), (4, [B]), (1, [C, B]), (1, [D, B]))
    )
    assert count.rounds == (
        Round(number=1, seat=1, tallies=((A, 5), (B, 4), (C, 1), (D, 1)), eliminated=(C, D)),
        Round(number=2, seat=1, tallies=((B, 6), (A, 5)), elected=(B,)),
    )


def test_a_final_round_tie_is_reported():
    count = election_count(candidates=[A, B], seats=1, ranked=True, ballots=ballots((3, [A, B]), (3, [B, A])))
    assert (count.elected, count.tied, count.open_seats) == ((), (A, B), 1)
    assert count.rounds[-1].tied == (A, B)


def test_repeated_runoff_fills_seat_after_seat():
    # Seat 1: D, then C drop out; A has a majority of the ballots still counting. Seat 2: A's voters pass to C.
    count = election_count(
        candidates=[A, B, C, D],
        seats=2,
        ranked=True,
        ballots=ballots((6, [A, C]), (3, [B]), (2, [C]), (1, [D, B])),
    )
    assert count.method == Method.REPEATED_RUNOFF
    assert count.rounds == (
        Round(number=1, seat=1, tallies=((A, 6), (B, 3), (C, 2), (D, 1)), eliminated=(D,)),
        Round(number=2, seat=1, tallies=((A, 6), (B, 4), (C, 2)), eliminated=(C,)),
        Round(number=3, seat=1, tallies=((A, 6), (B, 4)), exhausted=2, elected=(A,)),  # 6 of 10 that count
        Round(number=4, seat=2, tallies=((C, 8), (B, 3), (D, 1)), elected=(C,)),
    )
    assert (count.elected, count.tied, count.decided) == ((A, C), (), True)


def test_repeated_runoff_tie_that_changes_nothing_settles_itself():
    count = election_count(
        candidates=[A, B, C], seats=2, ranked=True, ballots=ballots((4, [A, B]), (4, [B, A]), (1, [C]))
    )
    assert count.rounds[-1] == Round(number=2, seat=1, tallies=((A, 4), (B, 4)), exhausted=1, tied=(A, B))
    assert (count.elected, count.decided, count.tie_settled, count.outcomes) == (
        (A, B),
        True,
        True,
        (frozenset({A, B}),),
    )


def test_repeated_runoff_tie_for_the_second_seat_is_reported_with_the_sure_seat():
    count = election_count(candidates=[A, B, C], seats=2, ranked=True, ballots=ballots((5, [A]), (2, [B]), (2, [C])))
    assert count.rounds == (
        Round(number=1, seat=1, tallies=((A, 5), (B, 2), (C, 2)), elected=(A,)),
        Round(number=2, seat=2, tallies=((B, 2), (C, 2)), exhausted=5, tied=(B, C)),
    )
    assert (count.elected, count.tied, count.open_seats) == ((A,), (B, C), 1)
    assert set(count.outcomes) == {frozenset({A, B}), frozenset({A, C})}


def test_no_more_candidates_than_seats_elects_them_all():
    count = election_count(candidates=[A, B], seats=2, ranked=True, ballots=ballots((1, [B])))
    assert count.elected == (B, A) and count.decided
    count = election_count(candidates=[A, B], seats=2, ranked=False, ballots=[])
    assert count.elected == (A, B) and count.decided


def test_no_ballots_is_a_tie_between_everyone():
    count = election_count(candidates=[A, B, C], seats=1, ranked=True, ballots=[])
    assert (count.ballots, count.elected, count.tied) == (0, (), (A, B, C))
    count = election_count(candidates=[A, B, C], seats=1, ranked=False, ballots=[])
    assert (count.ballots, count.elected, count.tied) == (0, (), (A, B, C))


def test_unknown_candidates_and_repeats_on_a_ballot_are_ignored():
    count = election_count(candidates=[A, B], seats=1, ranked=True, ballots=[[E, A, A, B], [B], [E]])
    assert count.rounds[0] == Round(number=1, seat=1, tallies=((A, 1), (B, 1)), exhausted=1, tied=(A, B))


def test_the_count_is_deterministic_whatever_the_order_of_the_ballots():
    groups = ballots((8, [A]), (7, [B, C]), (4, [C, B]), (2, [D, C, B]), (1, [D]))
    first = election_count(candidates=[A, B, C, D], seats=1, ranked=True, ballots=groups)
    again = election_count(candidates=[A, B, C, D], seats=1, ranked=True, ballots=list(reversed(groups)))
    assert first == again


def test_at_least_one_seat():
    with pytest.raises(ValueError):
        election_count(candidates=[A], seats=0, ranked=False, ballots=[])
