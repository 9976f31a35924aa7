from django.urls import path

from cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<slug:slug>/", views.case_detail, name="case_detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("hearings/", views.hearing_calendar, name="hearing_calendar"),
    path("rulings/", views.ruling_list, name="ruling_list"),
    path("rulings/<slug:slug>/", views.ruling_detail, name="ruling_detail"),
    path("courts/<slug:slug>/", views.court_detail, name="court_detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party_detail"),
    path("search/", views.search, name="search"),
    path("suggest/cases/", views.suggest_cases, name="suggest_cases"),
    path("suggest/parties/", views.suggest_parties, name="suggest_parties"),
]
