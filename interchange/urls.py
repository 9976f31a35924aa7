"""The public data page and its files (docs/downloads.md). Included under the language prefix
in casetracker/urls.py."""

from django.urls import path

from interchange import views

urlpatterns = [
    path("data/", views.data_page, name="data_page"),
    path("data/casetracker-public-data.json", views.data_download, name="data_download"),
    path("data/caselaw.schema.json", views.data_schema, name="data_schema"),
    path("data/interchange.md", views.data_docs, name="data_docs"),
]
