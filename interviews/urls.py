from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "interviews"

urlpatterns = [
    path(_("applications/<int:pk>/interview/calendar.ics"), views.calendar, name="calendar"),
    path(_("applications/<int:pk>/interview/answer/"), views.respond, name="respond"),
]
