"""/healthz: the process answers. /readyz: it can do its job (database, Redis, a worker)."""
from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from kubelab.hosting import leases, redis_client


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {exc}"
    try:
        redis_client.get().ping()
        checks["redis"] = "ok"
        workers = leases.live_workers()
        checks["workers"] = workers if workers else "error: no worker has reported in"
    except Exception as exc:
        checks["redis"] = f"error: {exc}"
        checks["workers"] = "unknown"
    ready = all(v == "ok" or isinstance(v, list) for v in checks.values())
    return JsonResponse({"status": "ready" if ready else "unready", "checks": checks}, status=200 if ready else 503)
