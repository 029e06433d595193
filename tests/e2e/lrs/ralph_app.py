"""Ralph (PyPI ralph-malph) as the LRS of the xAPI and cmi5 browser tests.

Run with uvicorn bound to loopback (see tests/e2e/lib/ralph.mjs):

    uvicorn ralph_app:app --host 127.0.0.1 --port N

Two things on top of Ralph's own app, both for the tests only:

* Ralph 5.1.0's filesystem backend refuses every write after the first
  ("bulk indexation failed") unless its default operation type is APPEND;
  that is set here before the app is imported (real-clients.md).
* POST /_coursepack/validate takes a JSON array of statements, as read back
  from Ralph's /xAPI/statements, and answers one entry per statement: null
  when Ralph's strict BaseXapiStatement model accepts it, else the model's
  error text. The statement is checked whole, with the stored, authority and
  version fields Ralph added. Ralph's HTTP endpoint itself is lax; its model
  is the judge.
"""

from typing import Any, List, Optional

from fastapi import Body
from pydantic import ValidationError

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (must come after the workaround)
from ralph.models.xapi.base.statements import BaseXapiStatement  # noqa: E402


@app.post("/_coursepack/validate")
async def validate(statements: List[Any] = Body(...)) -> List[Optional[str]]:
    """One verdict per statement: None when valid, else the validation errors."""
    verdicts: List[Optional[str]] = []
    for statement in statements:
        if not isinstance(statement, dict):
            verdicts.append("not a JSON object")
            continue
        try:
            BaseXapiStatement.model_validate(statement)
            verdicts.append(None)
        except ValidationError as error:
            verdicts.append(str(error))
        except (KeyError, TypeError, ValueError) as error:
            # Ralph 5.1's model raises these (not a ValidationError) on some
            # broken statements, e.g. one without "object": still a refusal
            verdicts.append(f"{type(error).__name__}: {error}")
    return verdicts
