"""Counting an election: a pure function from ballots to the elected, with every round shown.

Without a ranking each member chooses as many candidates as there are seats and the most chosen are
elected (first past the post for one seat, block vote for several). With a ranking the count is an
instant runoff: a candidate with more than half of the ballots that still count is elected, otherwise
the candidate with the fewest votes drops out and their ballots pass to their next preference. For
several seats the runoff is repeated: the winner takes a seat, leaves the race, and all ballots are
counted again for the next seat.

The count never guesses. When candidates end level where it matters (for the last seat, or at the
bottom of a runoff when it is not clear who should drop out), it works out every result that some
way of settling the tie would give. If they all agree, that is the result; if not, the result is
reported as tied and the steering group chooses one of the possible results.
"""

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    PLURALITY = "meeste_stemmen", _("Meeste stemmen")
    BLOCK = "blokstemming", _("Blokstemming: elk lid kiest zoveel kandidaten als er zetels zijn")
    RUNOFF = "alternatief", _("Alternatieve stemming: wie afvalt, geeft de stem door aan de volgende voorkeur")
    REPEATED_RUNOFF = (
        "herhaald_alternatief",
        _("Herhaalde alternatieve stemming: per zetel een alternatieve stemming, zonder wie al gekozen is"),
    )


@dataclass(frozen=True)
class Round:
    number: int
    seat: int  # the seat this round is for (a count without a ranking fills all seats in one round)
    tallies: tuple[tuple[int, int], ...]  # (candidate, votes): most votes first, level ones in ballot order
    exhausted: int = 0  # ballots without a choice among the candidates still in this round
    elected: tuple[int, ...] = ()
    eliminated: tuple[int, ...] = ()
    tied: tuple[int, ...] = ()  # level where it matters; the count cannot decide between them here


@dataclass(frozen=True)
class Count:
    method: str
    seats: int
    ballots: int
    rounds: tuple[Round, ...]
    elected: tuple[int, ...]  # elected whatever way a tie is settled; all of them when the count is decided
    tied: tuple[int, ...]  # candidates who may take the seats still open, depending on the tie
    outcomes: tuple[frozenset[int], ...] = field(default=())  # every result the count allows

    @property
    def decided(self) -> bool:
        return len(self.outcomes) == 1

    @property
    def open_seats(self) -> int:
        """The seats the steering group fills by choosing among ``tied``."""
        return 0 if self.decided else self.seats - len(self.elected)

    @property
    def tie_settled(self) -> bool:
        """A tie came up in a round but every way of settling it gives the same result."""
        return self.decided and any(r.tied for r in self.rounds)


def election_count(*, candidates: Sequence[int], seats: int, ranked: bool, ballots: Iterable[Sequence[int]]) -> Count:
    """Count the ballots: each a sequence of candidates, in order of preference when ``ranked``.

    ``candidates`` in ballot order: among candidates with as many votes that order is only used to list
    them, never to choose between them. Unknown candidates and repeats on a ballot are ignored.
    """
    if seats < 1:
        raise ValueError("an election has at least one seat")
    candidates = list(dict.fromkeys(candidates))
    known = set(candidates)
    cleaned = [tuple(dict.fromkeys(c for c in ballot if c in known)) for ballot in ballots]
    order = {c: n for n, c in enumerate(candidates)}
    if not ranked:
        return _plurality(candidates, seats, cleaned, order)
    return _repeated_runoff(candidates, seats, cleaned, order)


# Without a ranking -------------------------------------------------------------------------------------


def _plurality(candidates: list[int], seats: int, ballots: list[tuple], order: dict[int, int]) -> Count:
    votes = dict.fromkeys(candidates, 0)
    for ballot in ballots:
        for candidate in ballot:
            votes[candidate] += 1
    shown = sorted(candidates, key=lambda c: (-votes[c], order[c]))
    tallies = tuple((c, votes[c]) for c in shown)
    blank = sum(1 for ballot in ballots if not ballot)
    method = Method.PLURALITY if seats == 1 else Method.BLOCK
    tied: tuple[int, ...]
    if len(candidates) <= seats:
        elected, tied = tuple(shown), ()
    else:
        last = votes[shown[seats - 1]]
        above = tuple(c for c in shown if votes[c] > last)
        level = tuple(c for c in shown if votes[c] == last)
        elected, tied = (above + level, ()) if len(above) + len(level) <= seats else (above, level)
    if tied:
        outcomes = tuple(
            frozenset(elected + combination) for combination in itertools.combinations(tied, seats - len(elected))
        )
    else:
        outcomes = (frozenset(elected),)
    round_ = Round(number=1, seat=1, tallies=tallies, exhausted=blank, elected=elected, tied=tied)
    return Count(method, seats, len(ballots), (round_,), elected, tied, outcomes)


# With a ranking ----------------------------------------------------------------------------------------


def _tally(ballots: list[tuple], continuing) -> tuple[dict[int, int], int]:
    """Each ballot counts for its highest preference still in the race."""
    votes = dict.fromkeys(continuing, 0)
    exhausted = 0
    for ballot in ballots:
        top = next((c for c in ballot if c in votes), None)
        if top is None:
            exhausted += 1
        else:
            votes[top] += 1
    return votes, exhausted


def _step(ballots: list[tuple], continuing, order: dict[int, int]):
    """One runoff round: (votes, exhausted, candidates by votes, winner or None, the bottom, bottom may go together).

    The bottom may drop out together when they are alone at the bottom or could not, even with all of each
    other's votes, reach the next candidate (the usual bulk exclusion); otherwise their order matters.
    """
    votes, exhausted = _tally(ballots, continuing)
    shown = sorted(continuing, key=lambda c: (-votes[c], order[c]))
    leader = shown[0]
    if len(shown) == 1 or 2 * votes[leader] > len(ballots) - exhausted:
        return votes, exhausted, shown, leader, (), True
    lowest = votes[shown[-1]]
    bottom = tuple(c for c in shown if votes[c] == lowest)
    above = [votes[c] for c in shown if votes[c] > lowest]
    together = len(bottom) == 1 or (bool(above) and lowest * len(bottom) < min(above))
    return votes, exhausted, shown, None, bottom, together


def _winners(ballots: list[tuple], continuing: frozenset, order: dict[int, int], memo: dict) -> frozenset:
    """Everyone who can win this runoff, over every way of settling a level bottom."""
    if continuing not in memo:
        _votes, _exhausted, _shown, winner, bottom, together = _step(ballots, continuing, order)
        if winner is not None:
            memo[continuing] = frozenset([winner])
        elif together:
            memo[continuing] = _winners(ballots, continuing - set(bottom), order, memo)
        else:
            memo[continuing] = frozenset().union(*(_winners(ballots, continuing - {c}, order, memo) for c in bottom))
    return memo[continuing]


def _outcomes(
    ballots: list[tuple], candidates: list[int], seats: int, elected: frozenset, order: dict[int, int], memo: dict
) -> set[frozenset]:
    """Every final result from here, seat by seat."""
    if len(elected) == seats:
        return {elected}
    remaining = frozenset(c for c in candidates if c not in elected)
    if len(remaining) <= seats - len(elected):
        return {elected | remaining}
    results: set[frozenset] = set()
    for winner in _winners(ballots, remaining, order, memo):
        results |= _outcomes(ballots, candidates, seats, elected | {winner}, order, memo)
    return results


def _repeated_runoff(candidates: list[int], seats: int, ballots: list[tuple], order: dict[int, int]) -> Count:
    method = Method.RUNOFF if seats == 1 else Method.REPEATED_RUNOFF
    rounds: list[Round] = []
    elected: list[int] = []
    memo: dict = {}
    for seat in range(1, seats + 1):
        continuing = [c for c in candidates if c not in elected]
        if len(continuing) <= seats - len(elected):  # no more candidates than seats: all of them are in
            votes, exhausted = _tally(ballots, continuing)
            shown = sorted(continuing, key=lambda c: (-votes[c], order[c]))
            tallies = tuple((c, votes[c]) for c in shown)
            rounds.append(Round(len(rounds) + 1, seat, tallies, exhausted, elected=tuple(shown)))
            elected.extend(shown)
            break
        while True:
            votes, exhausted, shown, winner, bottom, together = _step(ballots, continuing, order)
            tallies = tuple((c, votes[c]) for c in shown)
            number = len(rounds) + 1
            if winner is not None:
                rounds.append(Round(number, seat, tallies, exhausted, elected=(winner,)))
                elected.append(winner)
                break
            if together:
                rounds.append(Round(number, seat, tallies, exhausted, eliminated=bottom))
                continuing = [c for c in continuing if c not in bottom]
                continue
            # The order in which the level bottom drops out may matter: does it change who takes this seat?
            winners = _winners(ballots, frozenset(continuing), order, memo)
            if len(winners) == 1:
                rounds.append(Round(number, seat, tallies, exhausted, elected=tuple(winners), tied=bottom))
                elected.extend(winners)
                break
            # It does: work out every final result, and report them unless they all agree.
            rounds.append(Round(number, seat, tallies, exhausted, tied=bottom))
            outcomes = _outcomes(ballots, candidates, seats, frozenset(elected), order, memo)
            sure = frozenset.intersection(*outcomes)
            certain = tuple(elected) + tuple(c for c in candidates if c in sure and c not in elected)
            if len(outcomes) == 1:
                return Count(method, seats, len(ballots), tuple(rounds), certain, (), (sure,))
            possible = frozenset().union(*outcomes) - sure
            tied = tuple(c for c in candidates if c in possible)
            ordered = tuple(sorted(outcomes, key=lambda o: sorted(order[c] for c in o)))
            return Count(method, seats, len(ballots), tuple(rounds), certain, tied, ordered)
    return Count(method, seats, len(ballots), tuple(rounds), tuple(elected), (), (frozenset(elected),))
