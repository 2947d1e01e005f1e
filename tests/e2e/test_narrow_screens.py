"""Every page a visitor or candidate sees fits a 360 px phone without scrolling sideways, in Malay and English."""

import pytest

from .candidate_pages import candidate_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(transactional_db):
    return candidate_pages()


@pytest.mark.parametrize("language", ["ms", "en"])
def test_every_page_fits_a_360_px_screen(live_server, new_page, screenshot, pages, language):
    page = new_page("narrow")
    too_wide = {}

    def check(name, args, url):
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        # Nothing hidden in a box that scrolls sideways either (a table whose last column is off screen).
        clipped = page.evaluate(
            "[...document.querySelectorAll('main .table-responsive')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        if width > 360 or clipped:
            too_wide[url] = (width, clipped)
        screenshot(page, f"{name.replace(':', '-')}-{'-'.join(map(str, args))}")

    pages.walk(page, live_server, language, check)
    assert not too_wide, too_wide
