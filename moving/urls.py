from django.urls import path

from . import views

app_name = "moving"

urlpatterns = [
    path("account/library/", views.library, name="library"),
    path("account/library/import/", views.import_create, name="import_create"),
    path("account/library/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("account/library/imports/<int:pk>/status/", views.import_status, name="import_status"),
    path("account/library/export.csv", views.export_csv, name="export_csv"),
    path("account/library/archive.json", views.export_archive, name="export_archive"),
    path("account/delete/", views.account_delete, name="account_delete"),
]
