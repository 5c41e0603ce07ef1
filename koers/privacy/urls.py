from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("profiel/mijn-gegevens/", views.data_export, name="data-export"),
    path("profiel/verwijderen/", views.account_delete, name="account-delete"),
]
