from django.urls import path

from kubelab.console import consumers

websocket_urlpatterns = [
    path("ws/attempts/<uuid:attempt_id>/", consumers.ConsoleConsumer.as_asgi()),
]
