"""allauth's log-in form, its first field named for what it takes.

Kept apart from accounts.forms: allauth imports that module (ACCOUNT_SIGNUP_FORM_CLASS) while
building its own forms, so it must not import allauth's forms itself.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or e-mail"
        self.fields["remember"].label = "Remember me"
