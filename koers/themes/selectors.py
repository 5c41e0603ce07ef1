from django.db.models import Prefetch, QuerySet

from .models import Agenda, Theme


def agendas_with_themes() -> QuerySet[Agenda]:
    return Agenda.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("line", "name"))
    ).order_by("start_year", "name")


def theme_with_related(*, slug: str) -> Theme:
    return (
        Theme.objects.select_related("agenda")
        .prefetch_related(Prefetch("related", queryset=Theme.objects.select_related("agenda").order_by("name")))
        .get(slug=slug)
    )


def themes_in_order() -> list[Theme]:
    """All themes, agenda by agenda: the rows and columns of the matrices and the roadmap."""
    return list(Theme.objects.select_related("agenda").order_by("agenda__start_year", "agenda__name", "name"))
