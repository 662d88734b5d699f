from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kubelab.learning import catalogue, selectors, services


@login_required
def catalogue_page(request):
    return render(
        request,
        "learning/catalogue.html",
        {"labs": catalogue.entries(), "attempts": selectors.attempts_of(user=request.user)},
    )


@login_required
@require_POST
def attempt_new(request):
    try:
        attempt = services.attempt_start(user=request.user, lab_slug=request.POST.get("lab", ""))
    except services.UnknownLab:
        raise Http404("No such lab") from None
    return redirect("attempt", attempt_id=attempt.id)


@login_required
def attempt_page(request, attempt_id):
    attempt = selectors.attempt_for_user(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404("No such attempt")
    return render(request, "learning/attempt.html", {"attempt": attempt, "lab": catalogue.entry(attempt.lab_slug)})
