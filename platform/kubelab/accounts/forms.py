from django import forms
from django.contrib.auth.forms import UserCreationForm

from kubelab.accounts.models import Role, User


class SignupForm(UserCreationForm):
    role = forms.ChoiceField(choices=Role.choices, initial=Role.LEARNER, widget=forms.RadioSelect)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role")
