"""API errors as upstream shapes and words them.

Messages follow k8s.io/apimachinery/pkg/api/errors/errors.go (NewNotFound,
NewAlreadyExists, NewConflict, NewInvalid, NewForbidden, NewBadRequest) and
field errors follow k8s.io/apimachinery/pkg/util/validation/field/errors.go.
"""
from __future__ import annotations

import json
from typing import Any


class StatusError(Exception):
    """A metav1.Status with status Failure."""

    def __init__(self, code: int, reason: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details or {}

    def status(self) -> dict:
        out = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details:
            out["details"] = self.details
        return out


def _details(name: str, group: str, kind: str) -> dict:
    d: dict[str, Any] = {"name": name}
    if group:
        d["group"] = group
    d["kind"] = kind
    return d


def not_found(qualified: str, name: str, group: str = "", kind: str = "") -> StatusError:
    return StatusError(404, "NotFound", f'{qualified} "{name}" not found', _details(name, group, kind or qualified.split(".")[0]))


def already_exists(qualified: str, name: str, group: str = "", kind: str = "") -> StatusError:
    return StatusError(409, "AlreadyExists", f'{qualified} "{name}" already exists', _details(name, group, kind or qualified.split(".")[0]))


def conflict(qualified: str, name: str, why: str) -> StatusError:
    return StatusError(409, "Conflict", f'Operation cannot be fulfilled on {qualified} "{name}": {why}', {"name": name, "kind": qualified.split(".")[0]})


OBJECT_MODIFIED = "the object has been modified; please apply your changes to the latest version and try again"


def forbidden(qualified: str, name: str, why: str) -> StatusError:
    if name:
        msg = f'{qualified} "{name}" is forbidden: {why}'
    else:
        msg = f"{qualified} is forbidden: {why}"
    resource, _, group = qualified.partition(".")  # NewForbidden: details name, group, kind (the resource)
    return StatusError(403, "Forbidden", msg, _details(name, group, resource))


def bad_request(message: str) -> StatusError:
    return StatusError(400, "BadRequest", message)


def method_not_supported(qualified: str, action: str) -> StatusError:
    return StatusError(405, "MethodNotAllowed", f"{action} is not supported on resources of kind {qualified!r}")


def service_unavailable(message: str) -> StatusError:
    return StatusError(503, "ServiceUnavailable", message)


def too_many(message: str) -> StatusError:
    return StatusError(429, "TooManyRequests", message)


def expired(message: str) -> StatusError:
    # watch_cache.go: too old resource version; newer servers use reason Expired (410).
    return StatusError(410, "Expired", message)


def internal(message: str) -> StatusError:
    return StatusError(500, "InternalError", f"Internal error occurred: {message}")


# -- field errors --------------------------------------------------------

def _value_repr(value: Any) -> str:
    # field.Error.ErrorBody: strings are %q-quoted, other scalars %v, and
    # composite values are printed as JSON (1.30+ behaviour).
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class FieldError:
    __slots__ = ("type", "field", "value", "detail")

    # field.ErrorType strings.
    NOT_FOUND = "Not found"
    REQUIRED = "Required value"
    DUPLICATE = "Duplicate value"
    INVALID = "Invalid value"
    NOT_SUPPORTED = "Unsupported value"
    FORBIDDEN = "Forbidden"
    TOO_LONG = "Too long"
    TOO_MANY = "Too many"
    INTERNAL = "Internal error"

    _OMIT_VALUE = {REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL, TOO_MANY}

    def __init__(self, type: str, field: str, value: Any = None, detail: str = ""):
        self.type = type
        self.field = field
        self.value = value
        self.detail = detail

    def body(self) -> str:
        if self.type in self._OMIT_VALUE:
            s = self.type
        else:
            s = f"{self.type}: {_value_repr(self.value)}"
        if self.detail:
            s += f": {self.detail}"
        return s

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}"

    def cause(self) -> dict:
        return {"reason": "Field" + self.type.replace(" ", ""), "message": self.body(), "field": self.field}


class GoValue(FieldError):
    """An Invalid value whose bad value field.Error prints with Go's %#v (a struct, a typed slice)."""

    def __init__(self, field: str, shown: str, detail: str):
        super().__init__(FieldError.INVALID, field, None, detail)
        self.shown = shown

    def body(self) -> str:
        return f"{self.type}: {self.shown}: {self.detail}"


def invalid_value(field: str, value: Any, detail: str) -> FieldError:
    return FieldError(FieldError.INVALID, field, value, detail)


def required(field: str, detail: str = "") -> FieldError:
    return FieldError(FieldError.REQUIRED, field, None, detail)


def forbidden_field(field: str, detail: str) -> FieldError:
    return FieldError(FieldError.FORBIDDEN, field, None, detail)


def not_supported(field: str, value: Any, valid: list[str]) -> FieldError:
    detail = "supported values: " + ", ".join(json.dumps(v) for v in valid) if valid else ""
    return FieldError(FieldError.NOT_SUPPORTED, field, value, detail)


def duplicate(field: str, value: Any) -> FieldError:
    return FieldError(FieldError.DUPLICATE, field, value, "")


def invalid(kind: str, group: str, name: str, errors: list[FieldError]) -> StatusError:
    """errors.NewInvalid: '<Kind.group> "<name>" is invalid: <aggregate>'."""
    qualified_kind = f"{kind}.{group}" if group else kind
    if len(errors) == 1:
        agg = str(errors[0])
    else:
        agg = "[" + ", ".join(str(e) for e in errors) + "]"
    details = {"name": name}
    if group:
        details["group"] = group
    details["kind"] = kind
    details["causes"] = [e.cause() for e in errors]
    err = StatusError(422, "Invalid", f'{qualified_kind} "{name}" is invalid: {agg}', details)
    err.field_errors = errors  # type: ignore[attr-defined]
    return err
