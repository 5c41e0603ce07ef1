"""Milestones from the apps above the roadmap, shown on its national table and its multi-year plan.

The roadmap does not know where milestones come from: an app that builds on the roadmap (advice, with its time
ambitions) registers a source in its ``AppConfig.ready()``, and the roadmap's pages ask every registered source.
So the dependency points up the layers the right way: advice imports the roadmap, never the other way round.
"""

from collections.abc import Callable, Iterable
from typing import Protocol


class Milestone(Protocol):
    """What the roadmap's tables need of a milestone: when it falls and what the milestone cell shows."""

    @property
    def title(self) -> str: ...

    @property
    def target_year(self) -> int | None: ...

    @property
    def target_quarter(self) -> int | None: ...

    @property
    def target(self) -> str:
        """The target as people read it, e.g. "Q3 2027"."""
        ...

    def get_absolute_url(self) -> str: ...

    def get_status_display(self) -> str: ...


# The target years asked for (all years when empty) -> the milestones in them, in the order they are shown.
MilestoneSource = Callable[[list[int]], Iterable[Milestone]]

_sources: list[MilestoneSource] = []
# The shared cache's topics (koers.core.derived) whose change changes the sources' milestones.
_topics: list[str] = []


def register_milestones(source: MilestoneSource, *, topic: str) -> None:
    """Show the milestones of ``source`` on the roadmap's tables (call it from ``AppConfig.ready()``); a page kept
    in the shared cache is worked out again when ``topic`` changes."""
    _sources.append(source)
    if topic not in _topics:
        _topics.append(topic)


def topics() -> str:
    """The topics of the registered sources, as ``{% cached_until %}`` takes them."""
    return " ".join(_topics)


def milestones(*, years: list[int]) -> list[Milestone]:
    """The milestones of every registered source in the given target years; [] when no source is registered."""
    return [milestone for source in _sources for milestone in source(years)]
