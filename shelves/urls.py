from django.urls import path

from . import views

app_name = "shelves"

urlpatterns = [
    path("books/<slug:slug>/shelf/", views.shelve, name="shelve"),
    path("books/<slug:slug>/progress/", views.progress, name="progress"),
    path("people/<str:username>/shelves/", views.shelves, name="shelves"),
]
