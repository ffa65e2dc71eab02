"""The audit trail cannot be edited: the database refuses any UPDATE of an audit entry.

Entries are deleted only with their case (the parent deleting the case or their account).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRES = """
CREATE OR REPLACE FUNCTION advisers_audit_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER advisers_audit_no_update BEFORE UPDATE ON advisers_auditentry
    FOR EACH ROW EXECUTE FUNCTION advisers_audit_no_update();
"""
POSTGRES_UNDO = """
DROP TRIGGER IF EXISTS advisers_audit_no_update ON advisers_auditentry;
DROP FUNCTION IF EXISTS advisers_audit_no_update();
"""
SQLITE = """
CREATE TRIGGER advisers_audit_no_update BEFORE UPDATE ON advisers_auditentry
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be changed');
END;
"""
SQLITE_UNDO = "DROP TRIGGER IF EXISTS advisers_audit_no_update;"


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
    dependencies = [("advisers", "0001_initial")]

    operations = [migrations.RunPython(guard, unguard)]
