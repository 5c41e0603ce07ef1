from django.urls import path

from . import views

app_name = "roadmap"
urlpatterns = [
    path("", views.national, name="national"),
    path("mijn-instelling/", views.own, name="own"),
    path("mijn-instelling/<slug:slug>/", views.ambition_edit, name="ambition-edit"),
    path("<slug:slug>/<int:year>/<int:half>/", views.cell, name="cell"),
]
