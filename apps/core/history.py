"""The audit triggers' two helper functions in PostgreSQL, without a subtransaction per row written.

django-pgtrigger's `_pgtrigger_should_ignore` and django-pghistory's `_pgh_attach_context` run for
every row every history trigger records. Both read a setting inside `BEGIN … EXCEPTION WHEN OTHERS`,
which opens a subtransaction per call, and in one transaction those cost more with every row: an import
of 20,000 new people spent 10 s of its 11 s of INSERT in them (2 s without). These definitions read the
settings with `current_setting(name, true)` (NULL when never set; '' after a transaction that set them
ended) and behave the same: a missing or empty setting ignores no trigger and attaches no context.

pgtrigger writes its version again whenever a migration installs a trigger, so these are (re)installed
after every `migrate` (the post_migrate receiver in apps.accounts.apps), once all migrations have run.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

SHOULD_IGNORE_SQL = """
CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _pgtrigger_ignore TEXT[];
    BEGIN
        _pgtrigger_ignore := NULLIF(CURRENT_SETTING('pgtrigger.ignore', true), '')::TEXT[];
        IF _pgtrigger_ignore IS NOT NULL THEN
            RETURN trigger_name = ANY(_pgtrigger_ignore);
        END IF;
        RETURN FALSE;
    END;
$$ LANGUAGE plpgsql;
"""

ATTACH_CONTEXT_SQL = """
CREATE OR REPLACE FUNCTION _pgh_attach_context()
RETURNS pghistory_context.id%TYPE AS $$
    DECLARE
        _pgh_context_id UUID;
        _pgh_context_metadata JSONB;
    BEGIN
        _pgh_context_id := NULLIF(CURRENT_SETTING('pghistory.context_id', true), '')::UUID;
        _pgh_context_metadata := NULLIF(CURRENT_SETTING('pghistory.context_metadata', true), '')::JSONB;
        IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
            INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
                VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                ON CONFLICT (id) DO UPDATE
                    SET metadata = EXCLUDED.metadata,
                        updated_at = EXCLUDED.updated_at
                    WHERE pghistory_context.metadata != EXCLUDED.metadata;
            RETURN _pgh_context_id;
        END IF;
        RETURN NULL;
    END;
$$ LANGUAGE plpgsql;
"""


def history_functions_install(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the two trigger helper functions by the versions above (idempotent)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('pghistory_context') IS NOT NULL,"
            " to_regprocedure('public._pgtrigger_should_ignore(name)') IS NOT NULL"
        )
        has_context, has_ignore = cursor.fetchone()
        if has_ignore:
            cursor.execute(SHOULD_IGNORE_SQL)
        if has_context:
            cursor.execute(ATTACH_CONTEXT_SQL)
