from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.accounts.http import AuthenticatedHttpRequest
from koers.core.access import public, refuse, requires
from koers.core.uploads import file_download

from . import selectors, services
from .forms import DocumentForm, DocumentUploadForm, LibraryFilterForm, VersionForm
from .models import Document

PAGE_SIZE = 20


def _visible(request: HttpRequest, pk: int) -> Document | None:
    document = get_object_or_404(Document, pk=pk)
    return document if selectors.document_visible(request.user, document) else None


def _changeable(request: AuthenticatedHttpRequest, pk: int) -> Document:
    document = get_object_or_404(Document, pk=pk)
    if not (
        selectors.document_visible(request.user, document)
        and request.user.has_perm("documents.change_document", document)
    ):
        raise PermissionDenied
    return document


@public
def library(request: HttpRequest) -> HttpResponse:
    """Every document the visitor may see, filtered by theme, kind of owner and words in the title."""
    form = LibraryFilterForm(request.GET or None)
    filters: dict[str, Any] = form.filters()
    documents = selectors.library(
        user=request.user, theme=filters.get("theme"), kind=filters.get("kind", ""), query=filters.get("q", "")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page.object_list:
        document.current = selectors.current_version(document)
    context = {
        "form": form,
        "page_obj": page,
        "filtered": bool(filters),
        "can_add": request.user.has_perm("documents.add_document"),
    }
    return render(request, "documents/library.html", context)


@public
def document_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = _visible(request, pk)
    if document is None:
        return refuse(request)
    versions = list(document.versions.select_related("uploaded_by"))
    can_change = request.user.has_perm("documents.change_document", document)
    context = {
        "document": document,
        "themes": list(document.themes.order_by("name")),
        "versions": versions,
        "current": versions[0] if versions else None,
        "target": selectors.target_of(document),
        "kind_name": selectors.owner_kind_name(document),
        "can_change": can_change,
        "version_form": VersionForm() if can_change else None,
    }
    return render(request, "documents/document_detail.html", context)


@public
def version_download(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponseBase:
    """The newest version's file, or an older one by its number, for whoever may see the document."""
    document = _visible(request, pk)
    if document is None:
        return refuse(request)
    versions = document.versions.all()
    version = versions.filter(number=number).first() if number is not None else versions.first()
    if version is None:
        raise Http404
    return file_download(version)


@requires("documents.add_document")
def document_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                audience=data["audience"],
                themes=data["themes"],
                upload=data["file"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Het document is toegevoegd."))
            return redirect(document)
    return render(request, "documents/document_form.html", {"form": form, "document": None})


@requires()
def document_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _changeable(request, pk)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = Document.objects.get(pk=document.pk)  # the form changed its instance already
        services.document_update(
            actor=request.user,
            document=document,
            title=data["title"],
            description=data["description"],
            audience=data["audience"],
            themes=data["themes"],
        )
        messages.success(request, _("Het document is opgeslagen."))
        return redirect(document)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@requires()
def version_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _changeable(request, pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_add(
                actor=request.user, document=document, upload=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Versie %(number)s is toegevoegd.") % {"number": version.number})
            return redirect(document)
    return render(request, "documents/version_form.html", {"form": form, "document": document})


@requires()
def document_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _changeable(request, pk)
    target = selectors.target_of(document)
    back = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
    if request.method == "POST":
        services.document_delete(actor=request.user, document=document)
        messages.success(request, _("%(title)s is verwijderd.") % {"title": document.title})
        return redirect(back or reverse("documents:library"))
    context = {
        "title": _("Document verwijderen"),
        "question": _("Weet je zeker dat je ‘%(title)s’ met al zijn versies wilt verwijderen?")
        % {"title": document.title},
        "confirm": _("Ja, verwijder het document"),
        "cancel_url": document.get_absolute_url(),
    }
    return render(request, "core/confirm_delete.html", context)


@public
def legacy_download(request: HttpRequest, label: str, pk: int) -> HttpResponseBase:
    """An attachment's old address (in mails and bookmarks) still gives its file, now the document's version it
    became, to whoever may see that document."""
    version = selectors.version_by_legacy(f"{label}:{pk}")
    if version is None:
        raise Http404
    if not selectors.document_visible(request.user, version.document):
        return refuse(request)
    return file_download(version)
