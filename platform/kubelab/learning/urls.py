from django.urls import path

from kubelab.learning import views

urlpatterns = [
    path("", views.catalogue_page, name="catalogue"),
    path("attempts/new/", views.attempt_new, name="attempt-new"),
    path("attempts/<uuid:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<uuid:attempt_id>/answers/", views.answer_save, name="attempt-answer"),
]
