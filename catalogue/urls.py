from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("books/add/", views.add, name="add"),
    path("books/<slug:slug>/editions/add/", views.edition_add, name="edition_add"),
    path("books/<slug:slug>/edit/", views.book_edit, name="book_edit"),
    path("books/<slug:slug>/editions/<int:pk>/edit/", views.edition_edit, name="edition_edit"),
    path("books/<slug:slug>/editions/<int:pk>/main/", views.main_edition, name="main_edition"),
    path("books/<slug:slug>/editions/<int:pk>/move/", views.edition_move, name="edition_move"),
    path("books/<slug:slug>/check/", views.check, name="check"),
    path("books/<slug:slug>/history/", views.book_history, name="book_history"),
    path("books/<slug:slug>/history/<str:kind>/<int:history_id>/revert/", views.revert, name="revert"),
    path("books/<slug:slug>/report/", views.flag, name="flag"),
    path("books/<slug:slug>/merge/", views.merge, {"kind": "book"}, name="book_merge"),
    path("authors/<slug:slug>/merge/", views.merge, {"kind": "author"}, name="author_merge"),
    path("series/<slug:slug>/merge/", views.merge, {"kind": "series"}, name="series_merge"),
    path("authors/<slug:slug>/edit/", views.author_edit, name="author_edit"),
    path("series/<slug:slug>/edit/", views.series_edit, name="series_edit"),
    path("librarians/", views.desk, name="desk"),
    path("librarians/edits/<int:pk>/", views.pending_decide, name="pending_decide"),
    path("librarians/reports/<int:pk>/", views.flag_resolve, name="flag_resolve"),
    path("catalogue/author-names/", views.author_names, name="author_names"),
]
