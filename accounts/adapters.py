from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib import messages
from django.shortcuts import redirect

from .models import IMPORTED_USERNAME_SEPARATOR


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        # "@" marks imported identities (e.g. "emma@goodreads"); members cannot take such a name.
        if IMPORTED_USERNAME_SEPARATOR in username:
            raise forms.ValidationError('Usernames cannot contain "@".')
        return super().clean_username(username, shallow=shallow)

    def pre_login(self, request, user, **kwargs):
        """A suspended member is refused at log-in and told why and until when."""
        if getattr(user, "is_suspended", False):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            messages.error(request, user.suspension_message)
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)
