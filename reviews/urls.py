from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("books/<slug:slug>/review/", views.review_write, name="write"),
    path("books/<slug:slug>/rate/", views.rate, name="rate"),
    path("reviews/<int:pk>/", views.review_detail, name="detail"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="delete"),
    path("reviews/<int:pk>/like/", views.like_toggle, name="like"),
    path("reviews/<int:pk>/comments/", views.comment_create, name="comment"),
]
