"""The form renderer: Django's own, with the widgets drawn from Django's own Jinja2 templates.

A BORANG step draws 30 to 90 widgets (each select option is a template of its own); in Django's template
language they were about 40 % of a step page's CPU, Jinja2 compiles the same templates to Python and draws them
in a fraction of that. The HTML is the same: Django ships both sets of widget templates. Every other form
template (the admin's widgets, crispy-forms' layouts) is drawn as before.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property

WIDGETS = "django/forms/widgets/"


class FormRenderer(DjangoTemplates):
    @cached_property
    def widgets(self) -> Jinja2:
        return Jinja2()

    def get_template(self, template_name):
        if template_name.startswith(WIDGETS):
            try:
                return self.widgets.get_template(template_name)
            except TemplateDoesNotExist:
                pass
        return super().get_template(template_name)
