from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("<int:content_type_id>/<int:object_id>/", views.comment_add, name="comment-add"),
    path("<int:pk>/bewerken/", views.comment_edit, name="comment-edit"),
    path("<int:pk>/verwijderen/", views.comment_delete, name="comment-delete"),
    path("<int:pk>/verbergen/", views.comment_hide, name="comment-hide"),
]
