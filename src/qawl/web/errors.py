"""One error shape for the whole API, and an HTML page for the same errors in the UI.

Every API error answers ``{"error": {"code": "...", "message": "...", "status": N}}``; the UI renders
the same code and message in Arabic-first HTML. Handlers here are the only place errors become responses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from qawl.errors import ConfigError, QawlError

#: stable codes by HTTP status, for errors raised without an explicit code
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "unavailable",
}

#: the Arabic headline of each status on the HTML error page
_TITLES_AR: dict[int, str] = {
    400: "طلب غير صالح",
    401: "يلزم تسجيل الدخول",
    403: "غير مسموح",
    404: "غير موجود",
    405: "طريقة غير مسموحة",
    413: "الطلب أكبر من المسموح",
    422: "مدخلات غير صالحة",
    500: "خطأ في الخادم",
}


class ApiError(Exception):
    """An error answered to the client as is (status, stable code, message)."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if _is_api(request):
        return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": status,
            "code": code,
            "message": message,
            "title": _TITLES_AR.get(status, "خطأ"),
            "page_title": _TITLES_AR.get(status, "خطأ"),
            "section": "",
        },
        status_code=status,
        headers=headers,
    )


def describe_validation(errors: Sequence[Any], limit: int = 3) -> str:
    """``[{"loc": ("query", "per_page"), "msg": "..."}]`` → ``"query.per_page: ..."`` (first few)."""
    parts = []
    for err in list(errors)[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body" or len(err.get("loc", ())) == 1)
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid")))
    more = len(errors) - limit
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


async def _on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status, exc.code, exc.message)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else STATUS_CODES.get(exc.status_code, "error")
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such page: {request.url.path}"
    return error_response(request, exc.status_code, STATUS_CODES.get(exc.status_code, "error"), message)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    # a body that is not JSON at all is a malformed request, not a schema mismatch
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(request, 400, "bad_json", "the request body is not valid JSON")
    return error_response(request, 422, "validation_error", describe_validation(errors))


async def _on_config(request: Request, exc: Exception) -> Response:
    # the store refuses some inputs (an over-long query) with ConfigError: the client's fault
    assert isinstance(exc, ConfigError)
    return error_response(request, 422, "validation_error", exc.message)


async def _on_qawl(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QawlError)
    return error_response(request, 500, exc.code, exc.message)


async def _on_crash(request: Request, exc: Exception) -> Response:
    # a bug: answered in the one shape without details; the server error middleware still logs it
    return error_response(request, 500, "internal_error", "internal server error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ConfigError, _on_config)
    app.add_exception_handler(QawlError, _on_qawl)
    app.add_exception_handler(Exception, _on_crash)
