"""The open-data page and its downloads: each dataset as CSV and as JSON, for everyone."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from koers.core.access import public
from koers.core.spreadsheets import spreadsheet_response

from .datasets import DATASETS, LIST_SEPARATOR, Dataset

LICENCE = {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def csv_rows(dataset: Dataset, rows: list[dict]) -> list[list]:
    names = [field.name for field in dataset.fields]
    return [names, *([_cell(row[name]) for name in names] for row in rows)]


def document(dataset: Dataset, rows: list[dict]) -> dict:
    """The JSON download: the dataset's name, version, time of generation, fields and rows."""
    return {
        "dataset": dataset.slug,
        "version": dataset.version,
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "documentation": f"{settings.SITE_URL}{reverse('opendata:index')}#{dataset.slug}",
        "fields": [{"name": field.name, "type": field.type, "nullable": field.nullable} for field in dataset.fields],
        "rows": rows,
    }


@public
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "datasets": list(DATASETS.values()),
        "licence": LICENCE,
        "site_url": settings.SITE_URL,
    }
    return render(request, "opendata/index.html", context)


@public
@csrf_exempt  # it changes nothing: any other method than GET or HEAD gets a 405, not the CSRF page
@require_safe
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    found = DATASETS.get(dataset)
    if found is None or fmt not in ("csv", "json"):
        raise Http404
    rows = found.rows()
    if fmt == "csv":
        response = spreadsheet_response(csv_rows(found, rows), fmt="csv", title=str(found.title), filename=found.slug)
    else:
        content = json.dumps(document(found, rows), ensure_ascii=False, indent=1)
        response = HttpResponse(content, content_type="application/json")
    # Open data without cookies: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
