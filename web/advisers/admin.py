"""Site admins create organisations and give accounts their roles. Consent (shares) and the
audit trail can be read here, never changed: they belong to the parents."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry, Membership, Organisation, Share


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["user", "role", "display_name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "display_name"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__email", "display_name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ["id", "organisation", "adviser", "shared_at", "revoked_at"]
    list_filter = ["organisation"]
    fields = ["organisation", "adviser", "shared_at", "revoked_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "what"]
    list_filter = ["action"]
    fields = ["at", "actor", "action", "what"]
