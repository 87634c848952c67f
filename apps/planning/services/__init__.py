"""Planning services: every change to planning lists and entries goes through these functions.

Each service checks permission through apps.accounts.access, validates the workflow transition and
guards against lost updates with the `revision` column: a write names the revision the user saw and is
refused, with who changed it and when, if the row moved on since (UPDATE ... WHERE revision = N).
Changes are recorded by django-pghistory; the services add the acting user to the history context so
that changes made outside a web request (commands, tasks) still say who made them.

Split by job: `lists` (create, workflow, removal triggers), `entries` (add with its preview, remove),
`imports` (the planning file of contracts §5, with `import_format` and `import_rows`). Re-exported here.
"""

from apps.planning.services.common import *  # noqa: F403
from apps.planning.services.entries import *  # noqa: F403
from apps.planning.services.imports import *  # noqa: F403
from apps.planning.services.lists import *  # noqa: F403
