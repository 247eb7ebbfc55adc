from django.urls import path

from . import views

app_name = "books"

urlpatterns = [
    path("books/", views.catalogue, name="catalogue"),
    path("books/<slug:slug>/editions/", views.editions, name="editions"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("search/", views.search, name="search"),
]
