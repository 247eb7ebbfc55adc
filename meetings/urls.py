from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("clubs/<slug:slug>/meetings/", views.meeting_list, name="list"),
    path("clubs/<slug:slug>/meetings/new/", views.meeting_new, name="new"),
    path("clubs/<slug:slug>/meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("clubs/<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("clubs/<slug:slug>/meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("clubs/<slug:slug>/meetings/<int:pk>/answer/", views.answer, name="answer"),
    path("clubs/<slug:slug>/meetings/<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("clubs/<slug:slug>/calendar.ics", views.club_feed, name="club_feed"),
    path("calendar/", views.calendars, name="calendars"),
    path("calendar/<str:token>/meetings.ics", views.member_feed, name="member_feed"),
    path("calendar/<str:token>/clubs/<slug:slug>.ics", views.member_club_feed, name="member_club_feed"),
]
