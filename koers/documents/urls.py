from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.library, name="library"),
    path("nieuw/", views.document_create, name="document-create"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/download/", views.version_download, name="download"),
    path("<int:pk>/versies/<int:number>/download/", views.version_download, name="version-download"),
    path("<int:pk>/versies/nieuw/", views.version_upload, name="version-upload"),
    path("<int:pk>/bewerken/", views.document_edit, name="document-edit"),
    path("<int:pk>/verwijderen/", views.document_delete, name="document-delete"),
]
