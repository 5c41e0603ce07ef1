from django.urls import path

from . import views

app_name = "advice"

urlpatterns = [
    path("", views.advice_list, name="advice-list"),
    path("nieuw/", views.advice_create, name="advice-create"),
    path("transparantie/", views.transparency, name="transparency"),
    path("transparantie/adviezen.<str:fmt>", views.transparency_export, name="transparency-export"),
    path("<int:pk>/", views.advice_detail, name="advice-detail"),
    path("<int:pk>/bewerken/", views.advice_edit, name="advice-edit"),
    path("<int:pk>/tekst/", views.advice_text, name="advice-text"),
    path("<int:pk>/versies/", views.advice_versions, name="advice-versions"),
    path("<int:pk>/status/", views.advice_transition, name="advice-transition"),
    path("<int:pk>/werkgroep/", views.working_group, name="working-group"),
    path("<int:pk>/werkgroep/<int:user>/verwijderen/", views.working_group_remove, name="working-group-remove"),
    path("<int:pk>/opvolging/", views.follow_up_add, name="follow-up-add"),
    path("<int:pk>/volgen/", views.follow, name="follow"),
    path("<int:pk>/bijlagen/", views.attachment_upload, name="attachment-upload"),
    path("bijlagen/<int:pk>/", views.attachment, name="attachment"),
    path("bijlagen/<int:pk>/verwijderen/", views.attachment_delete, name="attachment-delete"),
]
