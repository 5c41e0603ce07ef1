from django.urls import path

from . import views

app_name = "themes"
urlpatterns = [
    path("", views.theme_list, name="theme-list"),
    path("nieuw/", views.theme_create, name="theme-create"),
    path("agendas/nieuw/", views.agenda_create, name="agenda-create"),
    path("agendas/<slug:slug>/bewerken/", views.agenda_edit, name="agenda-edit"),
    path("<slug:slug>/bewerken/", views.theme_edit, name="theme-edit"),
]
