from django.urls import path

from . import views

app_name = "oeapi"
urlpatterns = [
    path("organisations", views.organisation_list, name="organisation-list"),
    path("organisations/<str:organisation_id>", views.organisation_detail, name="organisation-detail"),
]
