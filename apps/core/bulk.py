"""Writing many new rows of one model with PostgreSQL's COPY (the big imports).

`bulk_create` builds one INSERT of a thousand rows at a time in Python, preparing every value through
its field: for 200,000 rows that took longer than the database did. `copy_insert` takes ids from the
table's sequence in one query, then streams the rows with COPY. Row triggers fire as for an INSERT, so
django-pghistory still records one event per row, with the context of the surrounding
`pghistory.context()`: the query that takes the ids goes through Django's cursor, whose wrapper sets
that context for the rest of the transaction before COPY runs.
"""

from __future__ import annotations

import contextlib
import enum
import gc
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.base import ModelState
from django.utils import timezone

M = TypeVar("M", bound=models.Model)
_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}


def new_instance(model: type[M], **values: Any) -> M:
    """`model(**values)` for many new rows: the fields' defaults, then `values` by attribute name
    (`organization_id`, not `organization`), without Model.__init__'s work per field and signal.

    Only for models whose defaults are constants (a callable default would be evaluated once).
    """
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {
            field.attname: field.get_default() for field in model._meta.concrete_fields
        }
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(defaults)
    obj.__dict__.update(values)
    return obj


def copy_insert(objs: Sequence[models.Model], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert new instances of one model with COPY; give each its id, as `bulk_create` would.

    Values are taken as they are on the instances (no `save()`, no signals, like `bulk_create`);
    `auto_now`/`auto_now_add` fields get the current time. Callers set every derived column first.
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [field for field in meta.concrete_fields if not field.generated]
    now = timezone.now()
    stamped = [
        field.attname
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(quote(field.column) for field in fields)
        attnames = [field.attname for field in fields]
        # as for execute(): a unique key met by COPY is Django's IntegrityError
        statement = f"COPY {table} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.copy(statement) as copy:  # type: ignore[attr-defined]
            for obj, new_id in zip(objs, ids, strict=True):
                values: dict[str, Any] = obj.__dict__
                values[pk.attname] = new_id
                for name in stamped:
                    values[name] = now
                copy.write_row([_plain(values[name]) for name in attnames])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


def _plain(value: Any) -> Any:
    # TextChoices/IntegerChoices members are written as their value
    return value.value if isinstance(value, enum.Enum) else value


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big import or report builds its rows (and
    restore it).

    An import holds hundreds of thousands of live rows that contain no cycles, yet each full
    collection walks them all: at 60,000 rows a preview took 56 s with the collector on and 36 s off.
    A report's part (30,000 entries evaluated, then written as JSON, CSV and a workbook) spent 16 % of
    its time in the collector. Reference counting still frees everything as usual meanwhile; the
    process-wide pause ends with the work (a pause inside a pause leaves it to the outer one).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
