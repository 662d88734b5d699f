"""ASGI entry point: HTTP goes to Django, websockets to the console consumer.

Websockets are checked for Origin against ALLOWED_HOSTS and authenticated
from the Django session before any consumer code runs.
"""
import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubelab.settings")
if not settings.configured:
    # This process is the ASGI server (Daphne imports us before anything reads
    # the settings): it pools its PostgreSQL connections (see kubelab.settings).
    # A process that imported us later, such as the test runner, keeps its own.
    os.environ.setdefault("KUBELAB_DB_POOL", "true")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from kubelab.console import routing  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns))),
    }
)
