"""The audit trail's model moves from web.advisers to web.cases (issue 11: cases wrote its
trail through the advisers app, which itself imports cases). Only Django's idea of the model
moves; the table, its rows and the trigger that refuses an UPDATE stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="advisers", model="auditentry").update(app_label="cases")


def move_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="cases", model="auditentry").update(app_label="advisers")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_focus_cache_and_marks"),
        ("advisers", "0007_audit_entry_to_cases"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("actor_id", models.BigIntegerField(null=True)),
                        ("actor", models.CharField(max_length=300)),
                        ("is_owner", models.BooleanField(default=False)),
                        (
                            "action",
                            models.CharField(
                                choices=[("view", "Looked at"), ("change", "Changed")],
                                max_length=10,
                            ),
                        ),
                        ("what", models.CharField(max_length=200)),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="audit_entries",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "audit entries",
                        "db_table": "advisers_auditentry",
                        "ordering": ["-at", "-id"],
                        "indexes": [models.Index(fields=["case", "-at"], name="audit_case_at")],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
