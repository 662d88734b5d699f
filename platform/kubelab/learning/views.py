from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kubelab.hosting import dispatch
from kubelab.learning import pages, selectors, services


@login_required
def catalogue_page(request):
    return render(request, "learning/catalogue.html", pages.for_catalogue(user=request.user))


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
    return render(request, "learning/attempt.html", pages.for_attempt(attempt=attempt))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def answer_save(request, attempt_id):
    """A reflection answer: kept, then checked by the worker holding the cluster (progress arrives live)."""
    attempt = selectors.attempt_for_user(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404("No such attempt")
    question_id = request.POST.get("question", "")
    try:
        services.answer_save(attempt=attempt, question_id=question_id, text=request.POST.get("answer", ""))
    except services.InvalidAnswer as exc:
        if _wants_json(request):
            return JsonResponse({"saved": False, "question": question_id, "error": str(exc)}, status=400)
        messages.error(request, f"Your answer was not saved: {exc}")
        return redirect(reverse("attempt", args=[attempt.id]) + "#reflection")
    dispatch.grade(attempt_id=attempt.id)
    if _wants_json(request):
        return JsonResponse({"saved": True, "question": question_id})
    messages.success(request, "Answer saved: it is being checked against your cluster.")
    return redirect(reverse("attempt", args=[attempt.id]) + "#reflection")

