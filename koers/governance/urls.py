from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("vacatures/", views.vacancy_list, name="vacancy-list"),
    path("vacatures/nieuw/", views.vacancy_create, name="vacancy-create"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    path("vacatures/<int:pk>/bewerken/", views.vacancy_edit, name="vacancy-edit"),
    path("vacatures/<int:pk>/intrekken/", views.vacancy_cancel, name="vacancy-cancel"),
    path("vacatures/<int:pk>/verkiezing/", views.election_start, name="election-start"),
    path("vacatures/<int:pk>/verkiezing/sluiten/", views.election_close, name="election-close"),
    path("vacatures/<int:pk>/uitslag/", views.result_confirm, name="result-confirm"),
    path("voordrachten/<int:pk>/aanvaarden/", views.nomination_accept, name="nomination-accept"),
    path("voordrachten/<int:pk>/afwijzen/", views.nomination_decline, name="nomination-decline"),
    path("voordrachten/<int:pk>/intrekken/", views.nomination_withdraw, name="nomination-withdraw"),
]
