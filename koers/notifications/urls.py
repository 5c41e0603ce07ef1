from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("gelezen/", views.mark_read, name="mark-read"),
    path("instellingen/", views.preferences, name="preferences"),
]
