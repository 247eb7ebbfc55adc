from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("books/<slug:slug>/review/", views.review_write, name="write"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="delete"),
]
