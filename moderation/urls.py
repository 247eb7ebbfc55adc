from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:kind>/<int:pk>/", views.report, name="report"),
    path("moderate/<str:kind>/<int:pk>/visibility/", views.visibility, name="visibility"),
    path("moderate/threads/<int:pk>/", views.thread, name="thread"),
    path("moderate/threads/<int:pk>/move/", views.thread_move, name="thread_move"),
]
