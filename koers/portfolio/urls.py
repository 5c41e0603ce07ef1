from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("mijn-instelling/", views.my_portfolio, name="my-portfolio"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("dekking/", views.coverage, name="coverage"),
    path("themas/<slug:slug>/", views.theme_portfolio, name="theme-portfolio"),
    path("projecten/nieuw/", views.project_create, name="project-create"),
    path("import/", views.import_start, name="import-start"),
    path("import/sjabloon/<str:fmt>/", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
    path("import/<int:pk>/afgewezen.xlsx", views.import_rejected, name="import-rejected"),
    path("projecten/<int:pk>/", views.project_detail, name="project-detail"),
    path("projecten/<int:pk>/bewerken/", views.project_edit, name="project-edit"),
    path("projecten/<int:pk>/verwijderen/", views.project_delete, name="project-delete"),
]
