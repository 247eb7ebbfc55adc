from django.urls import path

from . import views

app_name = "votes"

urlpatterns = [
    path("clubs/<slug:slug>/votes/", views.round_list, name="list"),
    path("clubs/<slug:slug>/votes/new/", views.round_new, name="new"),
    path("clubs/<slug:slug>/votes/<int:pk>/", views.round_page, name="round"),
    path("clubs/<slug:slug>/votes/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("clubs/<slug:slug>/votes/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("clubs/<slug:slug>/votes/<int:pk>/withdraw/<int:nomination_pk>/", views.withdraw, name="withdraw"),
    path("clubs/<slug:slug>/votes/<int:pk>/<str:action>/", views.manage, name="manage"),
]
