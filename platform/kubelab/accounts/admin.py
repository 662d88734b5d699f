from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kubelab.accounts.models import User


@admin.register(User)
class KubelabUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Kubelab", {"fields": ("role",)}),)
    list_display = ("username", "email", "role", "is_staff")
