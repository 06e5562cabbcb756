"""The OpenAPI models of the user changes (issue 16 item 6): the JSON bodies admins send and what they get back."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.user_changes import NAME_PATTERN
from api.web.schemas import Role, UserRow

MAX_LIMITS = 500  # teams or wijken in one request


class UserAdd(BaseModel):
    """A new user: its name, role, and for a professional or coordinator the teams and/or wijken it may see."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=NAME_PATTERN, description="unique; at most 100 characters, no '/'")
    role: Role
    teams: list[str] = Field(default=[], max_length=MAX_LIMITS, description="team ids")
    wijken: list[str] = Field(default=[], max_length=MAX_LIMITS, description="wijk codes")


class UserLimit(BaseModel):
    """The teams and wijken a professional or coordinator may see (replacing its own; at least one of either)."""

    model_config = ConfigDict(extra="forbid")
    teams: list[str] = Field(default=[], max_length=MAX_LIMITS, description="team ids")
    wijken: list[str] = Field(default=[], max_length=MAX_LIMITS, description="wijk codes")


class UserChanged(BaseModel):
    """The user after the change."""

    user: UserRow


class UserWithToken(BaseModel):
    """The user after the change, and its new token: shown only in this answer, never again (only a hash is kept)."""

    user: UserRow
    token: str = Field(description="the new bearer token; the old one and its sessions stopped working")
