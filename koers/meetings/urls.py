from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("nieuw/", views.meeting_create, name="meeting-create"),
    path("agenda.ics", views.calendar_feed, name="calendar-feed"),
    path("onderwerpen/", views.topic_list, name="topic-list"),
    path("onderwerpen/<int:pk>/inplannen/", views.topic_schedule, name="topic-schedule"),
    path("bijlagen/<int:pk>/", views.attachment, name="attachment"),
    path("bijlagen/<int:pk>/verwijderen/", views.attachment_delete, name="attachment-delete"),
    path("kaarten/<int:pk>/verwijderen/", views.contribution_delete, name="contribution-delete"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/bewerken/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/aanmelden/", views.register, name="register"),
    path("<int:pk>/afmelden/", views.cancel, name="cancel"),
    path("<int:pk>/bijeenkomst.ics", views.meeting_ics, name="meeting-ics"),
    path("<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("<int:pk>/verslag/", views.report, name="report"),
    path("<int:pk>/verslag/bewerken/", views.report_edit, name="report-edit"),
    path("<int:pk>/agenda/nieuw/", views.item_edit, name="item-create"),
    path("<int:pk>/agenda/<int:item>/", views.item_detail, name="item-detail"),
    path("<int:pk>/agenda/<int:item>/bewerken/", views.item_edit, name="item-edit"),
    path("<int:pk>/agenda/<int:item>/verwijderen/", views.item_delete, name="item-delete"),
    path("<int:pk>/agenda/<int:item>/bijlagen/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/agenda/<int:item>/stellingen/", views.statement_add, name="statement-add"),
    path("<int:pk>/agenda/<int:item>/stipstemming/", views.item_dot_vote, name="item-dot-vote"),
]
