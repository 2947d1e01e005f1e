"""An advertisement is open from its opening moment to the end of its closing day, Malaysian time."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from vacancies.models import Advertisement, Post
from vacancies.services import advertisement_readvertise

from .factories import AdvertisementFactory

KL = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
pytestmark = pytest.mark.django_db


def moment(*args):
    return dt.datetime(*args, tzinfo=KL)


@pytest.mark.parametrize(
    ("now", "is_open"),
    [
        (moment(2023, 11, 13, 23, 59, 59), False),
        (moment(2023, 11, 14, 0, 0, 0), True),
        (moment(2023, 11, 28, 23, 59, 59), True),
        (moment(2023, 11, 29, 0, 0, 0), False),
        (dt.datetime(2023, 11, 28, 16, 0, 0, tzinfo=dt.UTC), False),  # midnight in Kuala Lumpur
    ],
)
def test_the_seed_advertisement_is_open_to_the_end_of_its_closing_day(seed_advertisement, now, is_open):
    assert seed_advertisement.is_open(now) is is_open
    assert Advertisement.objects.open(now).filter(pk=seed_advertisement.pk).exists() is is_open
    assert Post.objects.open(now).filter(advertisement=seed_advertisement).exists() is is_open


def test_days_left_counts_to_the_closing_day(db):
    advertisement = AdvertisementFactory(closes_on=dt.date(2023, 11, 28))
    assert advertisement.days_left(moment(2023, 11, 18, 9, 0)) == 10
    assert advertisement.days_left(moment(2023, 11, 28, 23, 0)) == 0
    assert advertisement.days_left(moment(2023, 12, 1, 9, 0)) == 0


def test_an_advertisement_cannot_close_before_it_opens(db):
    advertisement = AdvertisementFactory.build(opens_at=moment(2023, 12, 1), closes_on=dt.date(2023, 11, 28))
    with pytest.raises(ValidationError) as error:
        advertisement.full_clean()
    assert "closes_on" in error.value.message_dict


def test_readvertising_copies_every_post_and_line_under_new_dates(seed_advertisement):
    copy = advertisement_readvertise(
        source=seed_advertisement, opens_at=moment(2026, 11, 25), closes_on=dt.date(2026, 12, 25)
    )
    assert copy.pk != seed_advertisement.pk
    assert copy.readvertised_from == seed_advertisement
    assert copy.closes_on == dt.date(2026, 12, 25)
    assert copy.title_ms == seed_advertisement.title_ms
    assert copy.lines.count() == seed_advertisement.lines.count() == 10
    assert copy.posts.count() == 9
    for original in seed_advertisement.posts.prefetch_related("lines"):
        new = copy.posts.get(number=original.number)
        assert (new.grade_id, new.division_id, new.title_en) == (
            original.grade_id,
            original.division_id,
            original.title_en,
        )
        assert list(new.lines.values_list("kind", "joiner", "text_ms", "text_en")) == list(
            original.lines.values_list("kind", "joiner", "text_ms", "text_en")
        )
    seed_advertisement.refresh_from_db()
    assert seed_advertisement.closes_on == dt.date(2023, 11, 28)


def test_readvertising_into_the_past_is_refused(seed_advertisement):
    with pytest.raises(ValidationError):
        advertisement_readvertise(source=seed_advertisement, opens_at=moment(2020, 1, 1), closes_on=dt.date(2020, 2, 1))
    assert Advertisement.objects.count() == 1


def test_readvertise_command_if_none_open_creates_one_copy_only(seed_advertisement):
    call_command("readvertise", seed_advertisement.pk, "--days", "30", "--if-none-open", verbosity=0)
    call_command("readvertise", seed_advertisement.pk, "--days", "30", "--if-none-open", verbosity=0)
    assert Advertisement.objects.filter(readvertised_from=seed_advertisement).count() == 1
    assert Advertisement.objects.open().count() == 1


def test_readvertise_command_with_explicit_dates(seed_advertisement):
    call_command("readvertise", seed_advertisement.pk, "--opens", "2099-01-01", "--closes", "2099-01-31", verbosity=0)
    copy = Advertisement.objects.get(readvertised_from=seed_advertisement)
    assert copy.closes_on == dt.date(2099, 1, 31)
    assert not copy.is_open()
    assert copy.has_not_opened()


def test_readvertise_command_reports_an_unknown_advertisement(db):
    with pytest.raises(CommandError, match="No advertisement"):
        call_command("readvertise", "999", "--days", "30")


def test_readvertise_admin_action_asks_for_dates_then_copies(admin_client, seed_advertisement):
    changelist = "/admin/vacancies/advertisement/"
    data = {"action": "readvertise", "_selected_action": [seed_advertisement.pk]}
    response = admin_client.post(changelist, data)
    assert response.status_code == 200
    assert b'name="closes_on"' in response.content
    response = admin_client.post(
        changelist, {**data, "apply": "1", "opens_on": "2099-02-01", "closes_on": "2099-01-01"}
    )
    assert Advertisement.objects.count() == 1
    response = admin_client.post(
        changelist, {**data, "apply": "1", "opens_on": "2099-01-01", "closes_on": "2099-02-01"}, follow=True
    )
    assert response.status_code == 200
    assert Advertisement.objects.get(readvertised_from=seed_advertisement).closes_on == dt.date(2099, 2, 1)
