"""Logging in and out, the logged-in user, liveness, and vis-network served from the pyvis package (no CDN)."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from api import auth, i18n, login_throttle
from api.web import schemas
from api.web.common import PROBLEM_SCHEMA, Result, require, store_of, templates, twin
from api.web.security import require_form_from_our_page
from viz import partner_map as partner_map_viz

router = APIRouter()
STATIC_CACHE = {"Cache-Control": "public, max-age=86400"}


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login.

    >>> safe_next("/wijken"), safe_next("//evil.example"), safe_next("https://evil.example"), safe_next(None)
    ('/wijken', '/', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, next_path: str, error: str | None = None, status: int = 200) -> Response:
    return templates.TemplateResponse(request, "login.html", {
        "request": request, "title": i18n.gettext("Log in"), "next": safe_next(next_path), "error": error, "user": None,
        "json_url": None, "csv_url": None}, status_code=status)


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, next)


@router.post("/login", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def login(request: Request, token: str = Form(""), next: str = Form("/")) -> Response:
    store = store_of(request)
    client = login_throttle.client_key(request.client.host if request.client else None)
    wait = login_throttle.retry_after(store, client)
    if wait:  # the token is not even looked at
        page = _login_page(request, next, login_throttle.throttled_message(wait), 429)
        page.headers["Retry-After"] = str(wait)
        return page
    user = auth.user_by_token(store, token.strip()) if token.strip() else None
    if user is None:
        login_throttle.record_failure(store, client, request.url.path)
        return _login_page(request, next, i18n.gettext("That token is not valid. Check that you copied all of it."),
                           401)
    response = RedirectResponse(safe_next(next), status_code=303)
    # Secure when the request came over https, also through a TLS proxy whose X-Forwarded-Proto the server trusts
    # (SECURITY.md: --proxy-headers, --forwarded-allow-ips).
    response.set_cookie(auth.SESSION_COOKIE, auth.start_session(store, user), max_age=auth.SESSION_SECONDS,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/language", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def choose_language(language: str = Form(...), next: str = Form("/")) -> Response:
    """The user's own choice of language (the switch in every page's footer), kept for a year in a cookie."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if language in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, language, max_age=365 * 24 * 3600, httponly=True, samesite="strict",
                            path="/")
    return response


@router.post("/logout", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def logout(request: Request) -> Response:
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        auth.end_session(store_of(request), cookie)  # the session ends on the server: a copied cookie is dead too
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


@router.get("/health", include_in_schema=True, tags=["meta"], summary="Liveness: is Neo4j reachable (no login)",
            response_class=PlainTextResponse,
            responses={200: {"description": "Neo4j is reachable",
                             "content": {"text/plain": {"schema": {"type": "string", "enum": ["ok"]}}}},
                       503: {"description": "Neo4j is not reachable",
                             "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}})
def health(request: Request) -> Response:
    store_of(request).verify()
    return PlainTextResponse("ok")


@cache
def _vis_js() -> str:
    return partner_map_viz.vis_js()


@router.get("/static/vis-network.min.js", include_in_schema=False)
def vis_js() -> Response:
    return Response(_vis_js(), media_type="application/javascript", headers=STATIC_CACHE)


@router.get("/static/vis-network.css", include_in_schema=False)
def vis_css() -> Response:
    return Response(partner_map_viz.vis_css(), media_type="text/css", headers=STATIC_CACHE)


@twin(router, "/me", summary="The logged-in user", tags=["meta"], model=schemas.User)
def me(request: Request) -> Result:
    user = require(request)
    return Result(user.public(), "me.html", i18n.gettext("You: {name}").format(name=user.name))
