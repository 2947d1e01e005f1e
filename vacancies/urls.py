from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "vacancies"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("posts/"), views.post_list, name="post_list"),
    path(_("posts/<int:pk>/"), views.post_detail, name="post_detail"),
    path(_("advertisements/<int:pk>/"), views.advertisement_detail, name="advertisement_detail"),
    path(_("archive/"), views.archive, name="archive"),
    path(_("help/"), views.help_page, name="help"),
]
