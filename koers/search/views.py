from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from koers.core.access import public

from . import selectors
from .forms import SearchForm


def _parameters(form: SearchForm) -> dict:
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "query": data.get("q") or "",
        "kinds": [data["kind"]] if data.get("kind") else None,
        "theme": data["theme"].pk if data.get("theme") else None,
        "institution": data["institution"].pk if data.get("institution") else None,
        "page": data.get("page") or 1,
    }


@public
def search(request: HttpRequest) -> HttpResponse:
    """Search across everything: guests find what guests may see, members what their role may open."""
    form = SearchForm(request.GET)
    parameters = _parameters(form)
    results = selectors.search(user=request.user, **parameters)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("kind", None)
    return render(
        request,
        "search/search.html",
        {"form": form, "results": results, "kind": (parameters["kinds"] or [""])[0], "base_query": query.urlencode()},
    )


@public
@vary_on_headers("HX-Request")
def suggest(request: HttpRequest) -> HttpResponse:
    """A short list of titles while typing (htmx); without JavaScript the search form goes to the page."""
    form = SearchForm(request.GET)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    hits = selectors.suggestions(user=request.user, query=query)
    return render(request, "search/_suggestions.html", {"hits": hits, "query": query})
