import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _

from koers.core.access import public

from .selectors import activities_for, public_activities
from .services import feed_visited

PAGE_SIZE = 25
ATOM_ITEMS = 50


@public
def feed(request: HttpRequest) -> HttpResponse:
    """Wat is er nieuw: a member's feed ("alles" or "voor mij"), with what is new since her last visit first;
    for guests the public events."""
    user = request.user
    personal = user.is_authenticated and request.GET.get("voor") == "mij"
    activities = activities_for(user=user, personal=personal).prefetch_related("themes")
    if user.is_authenticated:
        activities = activities.select_related("actor")
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    last_visit = _previous_visit(request, first_page=page.number == 1) if user.is_authenticated else None
    items = list(page.object_list)
    for item in items:
        item.is_new = user.is_authenticated and (last_visit is None or item.created_at > last_visit)
    return render(
        request,
        "activity/feed.html",
        {
            "page_obj": page,
            "new_items": [item for item in items if item.is_new],
            "older_items": [item for item in items if not item.is_new],
            "personal": personal,
            "last_visit": last_visit,
        },
    )


SESSION_KEY = "feed_previous_visit"


def _previous_visit(request: HttpRequest, *, first_page: bool) -> datetime.datetime | None:
    """When the member opened the feed before this visit. The first page notes the visit; the next pages of
    the same visit compare with the moment the first page found, kept in the session."""
    if first_page or SESSION_KEY not in request.session:
        previous = feed_visited(user=request.user)  # type: ignore[arg-type]  # signed in: the view checks
        request.session[SESSION_KEY] = previous.isoformat() if previous else ""
        return previous
    kept = request.session[SESSION_KEY]
    return datetime.datetime.fromisoformat(kept) if kept else None


@public
def atom(request: HttpRequest) -> HttpResponse:
    """The public events as an Atom feed."""
    link = request.build_absolute_uri(reverse("activity:feed"))
    atom_feed = feedgenerator.Atom1Feed(
        title=_("Koers — wat is er nieuw"),
        link=link,
        description=_("Openbare gebeurtenissen in het netwerk"),
        feed_url=request.build_absolute_uri(reverse("activity:atom")),
        feed_guid=link,
        language="nl",
    )
    for item in public_activities()[:ATOM_ITEMS]:
        atom_feed.add_item(
            title=f"{item.label}: {item.title}",
            link=request.build_absolute_uri(item.url),
            description="",
            unique_id=f"{link}#activiteit-{item.pk}",
            pubdate=item.created_at,
            updateddate=item.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom_feed.write(response, "utf-8")
    return response
