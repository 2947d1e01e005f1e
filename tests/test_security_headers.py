"""Security headers on every page, HTTPS in production, and nothing served from a public media URL."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["vacancies:home", "vacancies:post_list", "accounts:login", "accounts:register"])
def test_every_page_sends_the_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_load_nothing_from_another_site(client):
    content = client.get(reverse("vacancies:home")).content.decode()
    assert "http://" not in content.replace('href="http://testserver', "")
    assert "cdn" not in content.lower()


def test_production_redirects_to_https_and_sends_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("vacancies:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    secure = client.get(reverse("vacancies:home"), secure=True)
    assert "max-age=31536000" in secure["Strict-Transport-Security"]
    assert "includeSubDomains" in secure["Strict-Transport-Security"]


@override_settings(MEDIA_URL="/media/")
def test_there_is_no_public_url_for_uploaded_documents(client):
    assert client.get("/media/private/documents/1/anything.pdf").status_code == 404
