from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kubelab.accounts import services
from kubelab.accounts.forms import SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email", ""),
            role=form.cleaned_data["role"],
        )
        login(request, user)
        return redirect("catalogue")
    return render(request, "accounts/signup.html", {"form": form})
