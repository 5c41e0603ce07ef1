from django.contrib import admin
from django.urls import include, path

from koers.accounts.views import set_language
from koers.core.views import healthz, healthz_live
from koers.hubs import urls as hubs_urls
from koers.members import urls as members_urls
from koers.themes import urls as themes_urls

admin.site.site_header = "Koers"
admin.site.site_title = "Koers"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/live", healthz_live, name="healthz_live"),
    path("taal/", set_language, name="set_language"),
    path("beheer/", admin.site.urls),
    path("", include("koers.dashboard.urls")),
    path("", include("koers.core.urls")),
    path("account/", include("koers.accounts.urls")),
    # The hubs' pages (theme, institution, member profile) live above the domain and join its namespaces.
    path("", include((members_urls.urlpatterns + hubs_urls.member_patterns, "members"))),
    path("", include("koers.privacy.urls")),
    path("themas/", include((themes_urls.urlpatterns + hubs_urls.theme_patterns, "themes"))),
    path("meldingen/", include("koers.notifications.urls")),
    path("nieuw/", include("koers.activity.urls")),
    path("portfolio/", include("koers.portfolio.urls")),
    path("roadmap/", include("koers.roadmap.urls")),
    path("peilingen/", include("koers.polls.urls")),
    path("oproepen/", include("koers.polls.urls_calls")),
    path("bijeenkomsten/", include("koers.meetings.urls")),
    path("reacties/", include("koers.comments.urls")),
    path("adviezen/", include("koers.advice.urls")),
    path("documenten/", include("koers.documents.urls")),
    path("zoeken/", include("koers.search.urls")),
    path("bestuur/", include("koers.governance.urls")),
    path("oeapi/v6/", include("koers.oeapi.urls")),
    path("open-data/", include("koers.opendata.urls")),
    path("api/", include("koers.api.urls")),
    path("account/tokens/", include("koers.api.urls_tokens")),
]

handler400 = "koers.errors.bad_request"
handler403 = "koers.errors.forbidden"
handler404 = "koers.errors.not_found"
handler500 = "koers.errors.server_error"
