from django.urls import path

from . import views

app_name = "roadmap"
urlpatterns = [
    path("", views.national, name="national"),
    path("meerjarenplan/", views.plan, name="plan"),
    path("meerjarenplan/nieuw/", views.plan_item_create, name="plan-item-create"),
    path("meerjarenplan/<int:pk>/", views.plan_item, name="plan-item"),
    path("meerjarenplan/<int:pk>/bewerken/", views.plan_item_edit, name="plan-item-edit"),
    path("meerjarenplan/<int:pk>/verplaatsen/", views.plan_item_move, name="plan-item-move"),
    path("meerjarenplan/<int:pk>/verwijderen/", views.plan_item_delete, name="plan-item-delete"),
    path("referentielijst/", views.reference_list, name="reference-list"),
    path("referentielijst/nieuw/", views.reference_item_create, name="reference-item-create"),
    path("referentielijst/mijn-instelling/", views.adoptions, name="adoptions"),
    path("referentielijst/<slug:slug>/", views.reference_item, name="reference-item"),
    path("referentielijst/<slug:slug>/bewerken/", views.reference_item_edit, name="reference-item-edit"),
    path("referentielijst/<slug:slug>/verwijderen/", views.reference_item_delete, name="reference-item-delete"),
    path("mijn-instelling/", views.own, name="own"),
    path("mijn-instelling/<slug:slug>/", views.ambition_edit, name="ambition-edit"),
    path("<slug:slug>/<int:year>/<int:half>/", views.cell, name="cell"),
]
