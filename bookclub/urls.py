from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from books.sitemaps import sitemaps

from . import views

# The admin's log-in goes through allauth's, with its attempt limits and its refusal of suspended
# members; the admin's own form, with no limit at all, is never shown.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Bookclub moderation desk"
admin.site.site_title = "Bookclub admin"
admin.site.index_title = "Reported items, members, reviews, discussions and the catalogue"
# The lists get the whole width (the app list is one click away): at 1280 pixels the sidebar clipped them.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    # Before the book's address: /books/add/ is a page of its own, not a book called "add".
    path("", include("catalogue.urls")),
    path("books/<slug:slug>/", views.book_page, name="book"),
    path("people/<str:username>/", views.profile, name="profile"),
    path("feed/", views.feed, name="feed"),
    path("", include("books.urls")),
    path("", include("reviews.urls")),
    path("", include("shelves.urls")),
    path("", include("discussions.urls")),
    path("", include("clubs.urls")),
    path("", include("notifications.urls")),
    path("", include("meetings.urls")),
    path("", include("votes.urls")),
    path("", include("moderation.urls")),
    path("", include("moving.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("health/", views.health, name="health"),
    path("health/alive/", views.alive, name="alive"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "bookclub.views.server_error"
