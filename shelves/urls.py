from django.urls import path

from . import views

app_name = "shelves"

urlpatterns = [
    path("books/<slug:slug>/shelf/", views.shelve, name="shelve"),
    path("people/<str:username>/shelves/", views.shelves, name="shelves"),
]
