from django import forms

from .models import Reason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong?",
        error_messages={"required": "Choose a reason.", "invalid_choice": "Choose a reason."},
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything moderators should know (optional)",
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Reason (the member is shown it)")
    days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        label="For how many days",
        help_text="Leave empty to suspend for good.",
    )
    hide_content = forms.BooleanField(required=False, label="Also hide everything they wrote")
