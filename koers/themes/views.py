from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from koers.core.access import public, requires

from . import services
from .forms import AgendaForm, ThemeForm
from .models import Agenda, Theme
from .selectors import agendas_with_themes

if TYPE_CHECKING:  # only the type: accounts sits above themes
    from koers.accounts.http import AuthenticatedHttpRequest


@public
def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/theme_list.html", {"agendas": agendas_with_themes()})


def _theme_form(request: "AuthenticatedHttpRequest", theme: Theme) -> HttpResponse:
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        saved = services.theme_save(
            actor=request.user, theme=form.save(commit=False), related=form.cleaned_data["related"]
        )
        messages.success(request, _("Thema %(name)s is opgeslagen.") % {"name": saved.name})
        return redirect(saved)
    return render(request, "themes/theme_form.html", {"form": form, "theme": theme}, status=400 if form.errors else 200)


@requires("themes.change_theme")
def theme_create(request: "AuthenticatedHttpRequest") -> HttpResponse:
    return _theme_form(request, Theme())


@requires("themes.change_theme")
def theme_edit(request: "AuthenticatedHttpRequest", slug: str) -> HttpResponse:
    return _theme_form(request, get_object_or_404(Theme, slug=slug))


def _agenda_form(request: "AuthenticatedHttpRequest", agenda: Agenda) -> HttpResponse:
    form = AgendaForm(request.POST or None, instance=agenda)
    if request.method == "POST" and form.is_valid():
        saved = services.agenda_save(actor=request.user, agenda=form.save(commit=False))
        messages.success(request, _("Agenda %(name)s is opgeslagen.") % {"name": saved.name})
        return redirect("themes:theme-list")
    return render(
        request, "themes/agenda_form.html", {"form": form, "agenda": agenda}, status=400 if form.errors else 200
    )


@requires("themes.change_theme")
def agenda_create(request: "AuthenticatedHttpRequest") -> HttpResponse:
    return _agenda_form(request, Agenda())


@requires("themes.change_theme")
def agenda_edit(request: "AuthenticatedHttpRequest", slug: str) -> HttpResponse:
    return _agenda_form(request, get_object_or_404(Agenda, slug=slug))
