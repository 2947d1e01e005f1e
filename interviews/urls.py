from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "interviews"

urlpatterns = [
    path(_("applications/<int:pk>/interview/calendar.ics"), views.calendar, name="calendar"),
    path(_("applications/<int:pk>/interview/answer/"), views.respond, name="respond"),
    path(_("offers/<int:pk>/letter.pdf"), views.offer_letter, name="offer_letter"),
    path(_("offers/<int:pk>/answer/"), views.offer_answer, name="offer_answer"),
]
