"""Site admins create organisations and give accounts their roles. Consent (shares) and the
audit trail can be read here, never changed: they belong to the parents.

Issue 12: a membership names its account by a typed e-mail address, never a list of every
account (which would show every parent's address), and no member of staff can be given one.
django-axes' own admin (every address anyone tried to sign in with) is off (AXES_ENABLE_ADMIN).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from web.cases.models import AuditEntry

from .models import Membership, Organisation, Share


class MembershipForm(forms.ModelForm):
    email = forms.EmailField(label="E-mail address of the account", max_length=254)

    class Meta:
        model = Membership
        fields = ["email", "role", "display_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("There is no account with that e-mail address.")
        if user.is_staff or user.is_superuser:
            raise forms.ValidationError("A member of site staff cannot be an adviser.")
        held = Membership.objects.filter(user=user).exclude(pk=self.instance.pk)
        if held.exists():
            raise forms.ValidationError("That account is already in an organisation.")
        self.instance.user = user
        return email


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 1
    fields = ["email", "role", "display_name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    fields = ["organisation", "email", "role", "display_name"]
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
