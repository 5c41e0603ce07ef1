from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("", views.poll_list, name="poll-list"),
    path("nieuw/", views.poll_create, name="poll-create"),
    path("<int:pk>/", views.poll_detail, name="poll-detail"),
    path("<int:pk>/bewerken/", views.poll_edit, name="poll-edit"),
    path("<int:pk>/vragen/", views.poll_questions, name="poll-questions"),
    path("<int:pk>/vragen/<int:question>/", views.poll_questions, name="question-edit"),
    path("<int:pk>/vragen/<int:question>/verwijderen/", views.question_delete, name="question-delete"),
    path("<int:pk>/vragen/<int:question>/themas/", views.options_from_themes, name="options-from-themes"),
    path("<int:pk>/vragen/<int:question>/stippen/", views.dots_left, name="dots-left"),
    path("<int:pk>/publiceren/", views.poll_publish, name="poll-publish"),
    path("<int:pk>/sluiten/", views.poll_close, name="poll-close"),
    path("<int:pk>/uitslag/", views.poll_results, name="poll-results"),
    path("<int:pk>/uitslag/<str:fmt>/", views.poll_export, name="poll-export"),
    path("<int:pk>/conclusie/", views.poll_outcome, name="poll-outcome"),
]
