"""One message per kind of input error, in every form of the project (the admin's and the filters' too).

Django's fields each word their errors their own way ("Nhập một ngày hợp lệ.", "Lựa chọn không hợp
lệ..." with the raw value, "Nhập một số nguyên."), and our forms added their own: a user saw three
messages for one impossible date. `use_house_messages()` (run once at start by apps.accounts) makes the
house wording the default of Django's form fields; a form may still add a more precise one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

INVALID_DATE = _("Enter a valid date as dd/mm/yyyy, for example 15/03/1968.")
INVALID_CHOICE = _("This value is not one of the choices offered: choose one from the list.")
INVALID_NUMBER = _("Enter a whole number, for example 45.")
REQUIRED = _("This field is required.")
RANGE_REVERSED = _("“{low}” must not be greater than “{high}”: swap the two values.")


def use_house_messages() -> None:
    forms.DateField.default_error_messages["invalid"] = INVALID_DATE
    forms.DateTimeField.default_error_messages["invalid"] = INVALID_DATE
    forms.ChoiceField.default_error_messages["invalid_choice"] = INVALID_CHOICE
    forms.ModelChoiceField.default_error_messages["invalid_choice"] = INVALID_CHOICE
    forms.TypedChoiceField.default_error_messages["invalid_choice"] = INVALID_CHOICE
    forms.IntegerField.default_error_messages["invalid"] = INVALID_NUMBER
    # django-filter's number filter is a DecimalField
    forms.DecimalField.default_error_messages["invalid"] = INVALID_NUMBER
