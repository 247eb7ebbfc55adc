from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from books import views as books_views

urlpatterns = [
    path("", books_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
