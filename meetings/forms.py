from django import forms
from django.core.exceptions import ValidationError

from core.forms import LengthLimits
from core.zones import local_instant

from .models import Answer, Repeat


class MeetingForm(LengthLimits, forms.Form):
    """A meeting, its times typed in the club's zone (and refused where the clocks skip them)."""

    title = forms.CharField(max_length=120, error_messages={"required": "Give the meeting a title."})
    starts_on = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="Starts at", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label="Ends at", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends_on = forms.DateField(
        required=False,
        label="Ends on another day",
        help_text="Only if it runs past midnight.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place = forms.CharField(max_length=200, required=False, help_text="An address or a room: members only see it.")
    video_url = forms.URLField(
        required=False, assume_scheme="https", label="Video-call link", help_text="Members only see it."
    )
    milestone = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Discusses")
    agenda = forms.CharField(
        max_length=5_000,
        required=False,
        label="Agenda and questions",
        help_text="Markdown works.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    capacity = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, help_text="Empty for no limit; past it, people wait for a place."
    )
    repeat = forms.ChoiceField(choices=Repeat.choices, required=False, label="Repeats")
    repeat_weeks = forms.IntegerField(min_value=1, max_value=8, initial=1, label="Every how many weeks", required=False)

    def __init__(self, *args, club, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.milestones = {milestone.pk: milestone for milestone in milestones}
        self.fields["milestone"].choices = [("", "The club's book as a whole")] + [
            (milestone.pk, str(milestone)) for milestone in milestones
        ]
        zone = club.time_zone.replace("_", " ")
        self.fields["start_time"].help_text = f"In the club's time zone, {zone}."

    def clean(self):
        data = super().clean()
        day, start, end = data.get("starts_on"), data.get("start_time"), data.get("end_time")
        if day and start:
            try:
                data["starts_at"] = local_instant(day, start, self.club.time_zone)
            except ValidationError as error:
                self.add_error("start_time", error)
        if day and end:
            try:
                data["ends_at"] = local_instant(data.get("ends_on") or day, end, self.club.time_zone)
            except ValidationError as error:
                self.add_error("end_time", error)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", "The meeting must end after it starts.")
        data["milestone"] = self.milestones.get(data.get("milestone"))
        data["repeat_weeks"] = data.get("repeat_weeks") or 1
        return data

    def meeting_fields(self):
        """What meetings.services takes."""
        names = ("title", "starts_at", "ends_at", "place", "video_url", "milestone", "agenda", "capacity", "repeat",
                 "repeat_weeks")  # fmt: skip
        return {name: self.cleaned_data.get(name) for name in names} | {
            "capacity": self.cleaned_data.get("capacity"),
            "repeat": self.cleaned_data.get("repeat") or "",
        }

    @classmethod
    def initial_for(cls, meeting):
        from core.zones import zone

        starts = meeting.starts_at.astimezone(zone(meeting.time_zone))
        ends = meeting.ends_at.astimezone(zone(meeting.time_zone))
        return {
            "title": meeting.title,
            "starts_on": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "ends_on": ends.date() if ends.date() != starts.date() else None,
            "place": meeting.place,
            "video_url": meeting.video_url,
            "milestone": meeting.milestone_id,
            "agenda": meeting.agenda,
            "capacity": meeting.capacity,
            "repeat": meeting.repeat,
            "repeat_weeks": meeting.repeat_weeks,
        }


class CancelForm(LengthLimits, forms.Form):
    note = forms.CharField(max_length=300, required=False, label="A word to those who were coming")


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Answer.choices)
