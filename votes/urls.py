from django.urls import path

from . import views

app_name = "votes"

urlpatterns = [
    path("clubs/<slug:slug>/votes/", views.round_list, name="list"),
    path("clubs/<slug:slug>/votes/new/", views.round_new, name="new"),
    path("clubs/<slug:slug>/votes/<int:pk>/", views.round_page, name="round"),
    path("clubs/<slug:slug>/votes/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("clubs/<slug:slug>/votes/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("clubs/<slug:slug>/votes/nominations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("clubs/<slug:slug>/votes/<int:pk>/open-vote/", views.manage, {"action": "vote"}, name="open_vote"),
    path("clubs/<slug:slug>/votes/<int:pk>/close/", views.manage, {"action": "close"}, name="close"),
    path("clubs/<slug:slug>/votes/<int:pk>/make-pick/", views.manage, {"action": "pick"}, name="make_pick"),
]
