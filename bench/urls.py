from django.shortcuts import render
from django.urls import path

from myipo_recruit.urls import urlpatterns as portal


def bare(request):
    """The baseline: Django rendering a template of the same size as the page it is compared with."""
    size = min(int(request.GET.get("size", "1000")), 5_000_000)
    return render(request, "bench_bare.html", {"filler": "x" * size})


urlpatterns = [path("bench/bare/", bare), *portal]
