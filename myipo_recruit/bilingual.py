"""Texts kept in Malay and English side by side (`<name>_ms`, `<name>_en`)."""

from django.utils.translation import get_language


class Bilingual:
    """Read `<name>_en` when English is active and filled in, else the Malay `<name>_ms`."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        if (get_language() or "ms").startswith("en"):
            english = getattr(obj, f"{self.name}_en")
            if english:
                return english
        return getattr(obj, f"{self.name}_ms")
