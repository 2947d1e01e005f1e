from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Division, Grade, ServiceGroup


class PostFilterForm(forms.Form):
    """The job board's filters: all optional, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Post, division or duty")}),
    )
    grade = forms.ModelChoiceField(
        label=_("Grade"),
        queryset=Grade.objects.all(),
        required=False,
        empty_label=_("All grades"),
        to_field_name="code",
    )
    service_group = forms.ChoiceField(
        label=_("Service group"), choices=[("", _("All groups")), *ServiceGroup.choices], required=False
    )
    division = forms.ModelChoiceField(
        label=_("Division"), queryset=Division.objects.all(), required=False, empty_label=_("All divisions")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def filter(self, posts):
        """Narrow a queryset of posts by whatever filters are valid."""
        if not self.is_valid():
            return posts
        data = self.cleaned_data
        if data["grade"]:
            posts = posts.filter(grade=data["grade"])
        if data["service_group"]:
            posts = posts.filter(grade__service_group=data["service_group"])
        if data["division"]:
            posts = posts.filter(division=data["division"])
        return posts.search(data["q"] or "")
