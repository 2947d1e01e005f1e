"""The outcomes of screening, defined once for the rules, the stored results and HR's overrides."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    PASS = "pass", _("Eligible")
    FAIL = "fail", _("Not eligible")
    REVIEW = "review", _("Needs review")


PASS, FAIL, REVIEW = Outcome.PASS.value, Outcome.FAIL.value, Outcome.REVIEW.value
