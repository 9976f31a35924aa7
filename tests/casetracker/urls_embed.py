"""A stand-in for the embed timeline, to test the framing exception alone."""

from django.http import HttpResponse
from django.urls import path

from common.framing import embeddable


@embeddable
def timeline(request, lang: str, slug: str):
    return HttpResponse("<p>timeline</p>")


urlpatterns = [path("embed/<str:lang>/cases/<slug:slug>/", timeline)]
