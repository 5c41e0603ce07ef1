from django.urls import path

from . import views

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="token-list"),
    path("<int:pk>/intrekken/", views.token_revoke, name="token-revoke"),
]
