from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("wachtwoord-vergeten/", views.password_reset, name="password-reset"),
    path("wachtwoord-vergeten/verzonden/", views.password_reset_done, name="password-reset-done"),
    path("wachtwoord-herstellen/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("wachtwoord-hersteld/", views.password_reset_complete, name="password-reset-complete"),
    path("wachtwoord-wijzigen/", views.password_change, name="password-change"),
    path("profiel/", views.profile, name="profile"),
    path("lid-worden/", views.membership_request, name="membership-request"),
    path("lid-worden/verzonden/", views.membership_request_sent, name="membership-request-sent"),
    path("aanvragen/", views.membership_request_list, name="membership-request-list"),
    path("aanvragen/<int:pk>/", views.membership_request_detail, name="membership-request-detail"),
    path("aanvragen/<int:pk>/goedkeuren/", views.membership_request_approve, name="membership-request-approve"),
    path("aanvragen/<int:pk>/afwijzen/", views.membership_request_reject, name="membership-request-reject"),
    path("aanvragen/<int:pk>/opnieuw-uitnodigen/", views.invitation_resend, name="invitation-resend"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("surfconext/", views.surfconext_start, name="surfconext-start"),
    path("surfconext/terug/", views.surfconext_callback, name="surfconext-callback"),
]
