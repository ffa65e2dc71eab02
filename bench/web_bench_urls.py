"""web.urls plus /bench/hello: the cheapest Django response, the benchmark's yardstick."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from web.urls import handler400, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [*urlpatterns, path("bench/hello", hello)]
