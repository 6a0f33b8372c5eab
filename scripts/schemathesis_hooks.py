"""Schemathesis hooks for scripts/schemathesis.sh.

`positive_data_gets_no_schema_errors`: a request that matches the document must never get
the 422 list form, which the server sends only when a request does not match its request
schema. Such an answer means the document is looser than the server. (A 422 with a string
detail is a business rule, such as dates out of order or an existing profile; the
operations where schema-valid data can meet one allow 422 in schemathesis.toml.)
"""

import schemathesis

# Operations whose body has rules of its own that the document names but does not restate:
# a JSON Resume document (jsonresume.org's schema) is checked field by field, and each
# problem is reported in the list form at its place in the document.
OWN_BODY_RULES = {"POST /api/v1/profiles/import/json-resume"}


@schemathesis.check
def positive_data_gets_no_schema_errors(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code != 422:
        return None
    if case.operation.label in OWN_BODY_RULES:
        return None
    try:
        detail = response.json().get("detail")
    except Exception:  # noqa: BLE001 - any unreadable body is the other checks' finding
        return None
    if isinstance(detail, list):
        raise AssertionError(
            "A request that matches the document got a schema error (the 422 list form): "
            "the document accepts what the server's request schema refuses"
        )
    return None
