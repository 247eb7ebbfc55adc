from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("people/<str:username>/follow/", views.follow_toggle, name="follow"),
    path("people/<str:username>/followers/", views.followers, name="followers"),
    path("people/<str:username>/following/", views.following, name="following"),
    path("account/profile/", views.profile_edit, name="profile_edit"),
]
