from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("leden/", views.directory, name="directory"),
    path("instellingen/", views.institution_list, name="institution-list"),
    path("instellingen/<slug:slug>/bewerken/", views.institution_edit, name="institution-edit"),
    path("regiegroep/", views.steering_group, name="steering-group"),
    path("regiegroep/functie-toevoegen/", views.position_add, name="position-add"),
    path("regiegroep/functies/<int:pk>/beeindigen/", views.position_end, name="position-end"),
    path("profiel/toestemming/", views.consent, name="consent"),
    path("profiel/toestemming/<str:field>/intrekken/", views.consent_withdraw, name="consent-withdraw"),
]
