from django.urls import path

from . import feeds, views

app_name = "discussions"

urlpatterns = [
    path("books/<slug:slug>/discussions/", views.board, name="board"),
    path("books/<slug:slug>/discussions/new/", views.thread_new, name="thread_new"),
    path("books/<slug:slug>/discussions/feed/", feeds.BoardFeed(), name="board_feed"),
    path("discussions/", views.index, name="index"),
    path("discussions/following/", views.following, name="following"),
    path("discussions/posts/<int:pk>/", views.post_permalink, name="post"),
    path("discussions/posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("discussions/posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("discussions/<int:pk>/follow/", views.follow_toggle, name="follow"),
    path("discussions/<int:pk>/<str:slug>/", views.thread_detail, name="thread"),
    path("discussions/<int:pk>/<str:slug>/reply/", views.reply, name="reply"),
    path("discussions/<int:pk>/<str:slug>/feed/", feeds.ThreadFeed(), name="thread_feed"),
]
