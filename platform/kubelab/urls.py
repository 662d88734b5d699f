from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kubelab.learning.urls")),
    path("accounts/", include("kubelab.accounts.urls")),
    path("", include("kubelab.ops.urls")),
    path("admin/", admin.site.urls),
]
