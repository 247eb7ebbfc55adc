from django import forms

from core.forms import LengthLimits

from .models import Reason, Report


class ReportForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        labels = {"reason": "What is wrong?", "note": "Anything moderators should know (optional)"}
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"reason": {"required": "Choose a reason.", "invalid_choice": "Choose a reason."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Reason.choices  # radio buttons: no empty "------" choice


class SuspendForm(LengthLimits, forms.Form):
    reason = forms.CharField(max_length=300, label="Reason (the member is shown it)")
    days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        label="For how many days",
        help_text="Leave empty to suspend for good.",
    )
    hide_content = forms.BooleanField(required=False, label="Also hide everything they wrote")
