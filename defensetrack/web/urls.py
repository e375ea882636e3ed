from django.urls import path

from defensetrack.web import views

app_name = "web"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("countries/<str:code>/", views.timeline, name="country"),
    path("officials/<int:pk>/", views.timeline, name="official"),
    path("meetings/<int:pk>/", views.timeline, name="meeting"),
    path("pledges/<int:pk>/", views.timeline, name="pledge"),
    path("articles/<int:pk>/", views.timeline, name="article"),
]
