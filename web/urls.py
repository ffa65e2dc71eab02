"""URLs. The journey app (issue 3) adds `path("", include("web.journey.urls"))` with
app_name "journey" and a URL named "start": the start page's button then points at it."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from web.cases import urls as cases
from web.jobs import urls as jobs
from web.letters import urls as letters

# A case's pages: the case file's own, and those the apps built on it add (its letters, its
# prepared files), in one `cases` namespace.
case_pages = (cases.urlpatterns + letters.case_urlpatterns + jobs.urlpatterns, cases.app_name)

urlpatterns = [
    path("", include("web.pages.urls")),
    path("", include("web.journey.urls")),
    path("", include("web.accounts.urls")),
    path("", include(case_pages)),
    path("", include("web.letters.urls")),
    path("", include("web.reminders.urls")),
    path("", include("web.advisers.urls")),
    path("", include("web.api.urls")),
    path("", include("web.bundles.urls")),
    path("", include("web.plans.urls")),
    path("", include("web.reports.urls")),
    path("", include("web.family.urls")),
    # Site admins only (staff, after two-factor sign-in): organisations and their advisers.
    # The admin signs in through our sign-in page (rate-limited, then two-factor).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True),
    ),
    path("admin/", admin.site.urls),
]

handler400 = "web.pages.views.bad_request"
handler404 = "web.pages.views.not_found"
handler500 = "web.pages.views.server_error"
