from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:dataset>.<str:fmt>", views.download, name="download"),
]
