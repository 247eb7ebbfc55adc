from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from .models import IMPORTED_USERNAME_SEPARATOR


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        # "@" marks imported identities (e.g. "emma@goodreads"); members cannot take such a name.
        if IMPORTED_USERNAME_SEPARATOR in username:
            raise forms.ValidationError('Usernames cannot contain "@".')
        return super().clean_username(username, shallow=shallow)
