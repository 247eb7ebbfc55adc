from django import forms

from core.forms import LengthLimits

from .models import AuditEntry, Reason, Report


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


class ReasonForm(LengthLimits, forms.Form):
    reason = forms.CharField(
        max_length=AuditEntry._meta.get_field("reason").max_length,
        required=False,
        label="Why (for the audit log; optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SuspendForm(LengthLimits, forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Reason (the member is shown it)",
        error_messages={"required": "Say why: the member is shown the reason when they try to log in."},
    )
    length = forms.ChoiceField(
        choices=[("days", "For a number of days"), ("good", "For good")],
        widget=forms.RadioSelect,
        label="How long",
        error_messages={"required": "Choose how long: a number of days, or for good."},
    )
    days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        label="Days",
        error_messages={"min_value": "At least one day.", "max_value": "At most ten years (3,650 days)."},
    )
    hide_content = forms.BooleanField(required=False, label="Also hide everything they wrote")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("length") == "days" and not cleaned.get("days"):
            self.add_error("days", 'Say for how many days, or choose "For good".')
        if cleaned.get("length") == "good":
            cleaned["days"] = None
        return cleaned
