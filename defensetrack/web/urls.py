from django.urls import path

from defensetrack.web import views

app_name = "web"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("countries/", views.countries, name="countries"),
    path("search/", views.search, name="search"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("officials/", views.official_list, name="officials"),
    path("officials/<int:pk>/", views.official_detail, name="official"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
]
