from django.urls import path

from . import views

app_name = "clubs"

urlpatterns = [
    path("clubs/", views.directory, name="directory"),
    path("clubs/new/", views.create, name="create"),
    path("clubs/yours/", views.yours, name="yours"),
    path("clubs/invitations/<str:token>/", views.invitation, name="invitation"),
    path("clubs/<slug:slug>/", views.club_page, name="club"),
    path("clubs/<slug:slug>/edit/", views.edit, name="edit"),
    path("clubs/<slug:slug>/join/", views.join, name="join"),
    path("clubs/<slug:slug>/leave/", views.leave, name="leave"),
    path("clubs/<slug:slug>/settings/", views.my_settings, name="my_settings"),
    path("clubs/<slug:slug>/members/", views.members, name="members"),
    path("clubs/<slug:slug>/members/<str:username>/", views.member_action, name="member_action"),
    path("clubs/<slug:slug>/requests/<int:pk>/", views.request_decide, name="request_decide"),
    path("clubs/<slug:slug>/invitations/", views.invitations, name="invitations"),
    path("clubs/<slug:slug>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("clubs/<slug:slug>/pick/", views.pick, name="pick"),
    path("clubs/<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("clubs/<slug:slug>/discussions/", views.board, name="board"),
    path("clubs/<slug:slug>/discussions/new/", views.thread_new, name="thread_new"),
]
