from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("auditlog/", views.audit_log, name="audit-log"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
