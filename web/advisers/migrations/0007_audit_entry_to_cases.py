"""The audit trail's model moves to web.cases, whose migration 0007 takes it up: Django
forgets it here without touching the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("advisers", "0006_recovery_codes_handover_contact"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
        ),
    ]
