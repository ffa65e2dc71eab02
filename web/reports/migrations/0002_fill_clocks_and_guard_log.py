"""Fill each existing case's clocks (the rule of web.reports.clocks), and make the report log
impossible to edit: the database refuses any UPDATE of a row, like the audit trail's."""

from collections import defaultdict

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRES = """
CREATE OR REPLACE FUNCTION reports_log_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'report log entries cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_log_no_update BEFORE UPDATE ON reports_reportlog
    FOR EACH ROW EXECUTE FUNCTION reports_log_no_update();
"""
POSTGRES_UNDO = """
DROP TRIGGER IF EXISTS reports_log_no_update ON reports_reportlog;
DROP FUNCTION IF EXISTS reports_log_no_update();
"""
SQLITE = """
CREATE TRIGGER reports_log_no_update BEFORE UPDATE ON reports_reportlog
BEGIN
    SELECT RAISE(ABORT, 'report log entries cannot be changed');
END;
"""
SQLITE_UNDO = "DROP TRIGGER IF EXISTS reports_log_no_update;"


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from send_redress import assess
    from web.cases.deadlines import facts_for

    Case = apps.get_model("cases", "Case")
    Event = apps.get_model("cases", "Event")
    CaseClock = apps.get_model("reports", "CaseClock")
    events = defaultdict(list)
    for event in Event.objects.only("case_id", "kind", "date").iterator():
        events[event.case_id].append(event)
    rows = []
    for case in Case.objects.only("id", "concern", "council", "setting").iterator():
        for d in assess(facts_for(case, events[case.pk])).deadlines:
            rows.append(
                CaseClock(
                    case_id=case.pk,
                    clock=d.id,
                    whose=d.whose,
                    council=case.council,
                    due=d.due,
                    met_on=d.met_on,
                )
            )
    CaseClock.objects.bulk_create(rows, batch_size=2000)


def guard(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def unguard(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UNDO)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UNDO)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
