"""Public pages of the e-mail alerts, under the language prefix (casetracker/urls.py)."""

from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("cases/<slug:slug>/follow/", views.follow, name="follow"),
    path("rulings/<slug:slug>/follow/", views.follow_ruling, name="follow_ruling"),
    path("search/follow/", views.follow_search, name="follow_search"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
]
