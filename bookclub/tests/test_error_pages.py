import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.urls("bookclub.tests.urls_with_error")
def test_server_error_page_in_the_sites_look():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert 'class="site-header"' in html and "/static/css/site." in html


@pytest.mark.django_db
def test_not_found_page_in_the_sites_look(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and 'class="site-header"' in html
