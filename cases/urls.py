from django.urls import path

from cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<slug:slug>/", views.case_detail, name="case_detail"),
    path("rulings/<slug:slug>/", views.ruling_detail, name="ruling_detail"),
    path("courts/<slug:slug>/", views.court_detail, name="court_detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party_detail"),
]
