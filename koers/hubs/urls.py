"""The hubs' pages keep the addresses and URL names of the pages they replace: koers/urls.py adds these patterns
to the ``themes`` and ``members`` namespaces, so every existing ``{% url 'themes:theme-detail' %}`` still works."""

from django.urls import path

from . import views

# Added after the themes' own patterns, so that "nieuw/" is not taken for a theme's slug.
theme_patterns = [
    path("<slug:slug>/", views.theme_detail, name="theme-detail"),
]

member_patterns = [
    path("leden/<int:pk>/", views.member_profile, name="profile"),
    path("instellingen/<slug:slug>/", views.institution_detail, name="institution-detail"),
]
