from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="call-list"),
    path("nieuw/", views.call_create, name="call-create"),
    path("<int:pk>/", views.call_detail, name="call-detail"),
    path("<int:pk>/bewerken/", views.call_edit, name="call-edit"),
    path("<int:pk>/intrekken/", views.call_withdraw, name="call-withdraw"),
    path("<int:pk>/aanmeldingen/<str:fmt>/", views.call_export, name="call-export"),
]
