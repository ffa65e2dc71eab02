"""URLs under web.settings_test: the real ones plus the worked example pages."""

from django.urls import path

from web.common import examples
from web.urls import handler400, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    *urlpatterns,
    path("examples/question", examples.question, name="example-question"),
    path("examples/error", examples.error, name="example-error"),
]
