"""Organisations of advisers, the cases parents share with them, and the audit trail.

Who may see a case is still decided only in `web.cases.access`; these are the facts it reads:
a `Share` that has not been revoked, the adviser it is assigned to, and `Membership` roles.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from web.cases.models import Case, InRegistry

ADVISER = "adviser"
ORG_ADMIN = "admin"


class Organisation(models.Model):
    """A service that supports families, e.g. Bedford SENDIASS. Made by a site admin."""

    name = models.CharField(max_length=150, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """An account's role in one organisation. An account belongs to at most one."""

    ROLES = [(ADVISER, "Adviser"), (ORG_ADMIN, "Organisation admin")]
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=ROLES, default=ADVISER)
    display_name = models.CharField(max_length=100, blank=True)
    """What parents see on notes, e.g. "Alex Smith". Unique within the organisation, so that
    two advisers cannot look like one; the audit trail records the account's address too."""

    class Meta:
        ordering = ["organisation", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "display_name"],
                condition=~Q(display_name=""),
                name="one_display_name_per_organisation",
                violation_error_message="Another member of this organisation has that name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def clean(self) -> None:
        """Site staff never hold a membership (issue 12): an admin who could give themselves
        one could open any shared case and appear in the parent's trail as an adviser."""
        user = getattr(self, "user", None)
        if user is not None and (user.is_staff or user.is_superuser):
            raise ValidationError({"user": "A member of site staff cannot be an adviser."})

    @property
    def is_admin(self) -> bool:
        return self.role == ORG_ADMIN

    @property
    def label(self) -> str:
        return self.display_name or str(self.user)


class ShareQuerySet(models.QuerySet["Share"]):
    def active(self) -> ShareQuerySet:
        return self.filter(revoked_at__isnull=True)


class Share(models.Model):
    """A parent's consent for one organisation to see one case, until they revoke it.

    Revoking keeps the row (with `revoked_at`) as a record; access ends with it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shares")
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_shares",
    )
    """The adviser the organisation admin assigned; nobody else in the organisation sees it."""
    shared_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    contact_shared = models.BooleanField(default=False)
    """The family chose to show the organisation their e-mail address (issue 18)."""
    handover_note = models.TextField(max_length=2000, blank=True)
    """The organisation admin's note for the adviser a case was last handed to (issue 18);
    for the organisation only, never shown to the family or sent by e-mail."""
    handed_over_by = models.CharField(max_length=300, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_share_per_case_and_organisation",
            )
        ]
        # No index of our own: EXPLAIN on 10,000 shares shows the caseload using Django's
        # foreign-key indexes (adviser_id for an adviser) and Case.next_deadline's for the order.

    def __str__(self) -> str:
        return f"{self.case} shared with {self.organisation}"


class RecoveryCode(models.Model):
    """A one-time code that signs an adviser in when they cannot use their app (issue 18: a
    lost phone stranded them). Only a hash is kept; the codes are shown once, at set-up. A
    used code stays, with when it was used, so that its second use can be told apart from a
    wrong code."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="one_recovery_code_hash")
        ]


# The contact log (issue 18 item 4, issue 20 item 1): what a service records about each time it
# helps a family, for its own follow-ups and its reports to its steering group.
CONTACT_KINDS = [
    ("call", "Phone call"),
    ("email", "Email"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
]
OUTCOMES = [
    ("resolved-early", "Resolved early"),
    ("disagreement-resolution", "Disagreement resolution"),
    ("mediation", "Mediation"),
    ("appeal", "Appeal to the Tribunal"),
    ("ombudsman", "Ombudsman"),
    ("signposted", "Signposted elsewhere"),
    ("closed", "Closed"),
]


class ContactQuerySet(models.QuerySet["Contact"]):
    def of(self, organisation_id: int) -> ContactQuerySet:
        return self.filter(organisation_id=organisation_id)

    def follow_ups_due(
        self, organisation_id: int, by: date, *, author_id: int | None = None
    ) -> ContactQuerySet:
        """The follow-ups an organisation (or one adviser, `author_id`) set for `by` or
        earlier, oldest first: what the Today view and the digest list. Clearing a contact's
        follow-up date (correcting the note) takes it off."""
        due = self.of(organisation_id).filter(follow_up__isnull=False, follow_up__lte=by)
        if author_id is not None:
            due = due.filter(author_id=author_id)
        return due.select_related("case").order_by("follow_up", "id")


class Contact(models.Model):
    """One contact with a family (a call, an email, a meeting, a visit), kept by the
    organisation. On a shared case or, for an enquiry, on no case (no child's name needed).

    The organisation's own record: it stays when the parent stops sharing or deletes the case
    (then without the case). A contact that is not `internal` also puts a note on the case's
    timeline (`event`), which the parent sees. Only its author corrects it (issue 12: notes keep
    their author); `author_label` is copied so the record says who wrote it if the account goes.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_label = models.CharField(max_length=300)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    event = models.OneToOneField(
        "cases.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="contact"
    )
    """The note on the parent's timeline; none for an internal contact or an enquiry."""
    kind = models.CharField(max_length=10, choices=CONTACT_KINDS)
    date = models.DateField()
    minutes = models.PositiveIntegerField()
    """Time spent, in minutes."""
    outcome = models.CharField(max_length=30, choices=OUTCOMES)
    concern = models.CharField(max_length=40, validators=[InRegistry("concerns")])
    """The issue, from the concern registry."""
    stage = models.CharField(max_length=40, blank=True, validators=[InRegistry("routes")])
    """The route or stage reached (a route id from routes.yaml), if any."""
    council = models.CharField(max_length=40, blank=True)
    setting = models.CharField(max_length=40, blank=True, validators=[InRegistry("settings")])
    """Copied from the case when there is one, so reports need no case (nor its consent)."""
    what = models.TextField(max_length=5000)
    internal = models.BooleanField(default=False)
    """Seen by the organisation only, never by the parent."""
    follow_up = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["organisation", "date"], name="contact_org_date"),
            models.Index(
                fields=["organisation", "follow_up"],
                name="contact_org_follow_up",
                condition=Q(follow_up__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date} ({self.organisation})"
