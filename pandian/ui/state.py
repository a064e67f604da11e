"""What every tab shares: one workspace context (DuckDB allows one writer process: the app is it),
and who is asking (user and role from the login, or single-user owner mode)."""

import threading
from dataclasses import dataclass, field
from functools import cached_property

from pandian.context import Context
from pandian.security.users import load_users, role_of, users_file, verify
from pandian.workspace import Workspace

from agent.chat import MAX_QUESTION_CHARS as MAX_MESSAGE_CHARS  # one limit for chat everywhere


@dataclass
class AppState:
    workspace: Workspace
    lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def open(cls, workspace: str | None = None, warehouse: str | None = None) -> "AppState":
        return cls(Workspace.resolve(workspace, warehouse))

    @cached_property
    def ctx(self) -> Context:
        ctx = Context(self.workspace)
        ctx.warehouse  # opened (and reconciled) once, up front
        return ctx

    @property
    def users_path(self):
        return users_file(self.workspace.root)

    @property
    def multi_user(self) -> bool:
        return self.users_path.exists()  # emptied later still means logins: removing users never grants owner

    def auth(self, username: str, password: str) -> bool:
        return verify(self.users_path, username, password)

    def who(self, request) -> tuple[str, str]:
        """(user, role) of a request; single-user mode is the owner."""
        name = getattr(request, "username", None) if request is not None else None
        if not self.multi_user:
            return (name or "owner"), "owner"
        return (name or "anonymous"), role_of(self.users_path, name)

    def banner(self) -> str:
        if self.multi_user:
            return "🔐 登录模式 / login mode: masking follows your role (viewer: L3+L4 masked, analyst: L4, owner: none)."
        return ("👤 单用户模式：你是 owner，仅监听本机 127.0.0.1。 / Single-user mode: you are the owner, on "
                "127.0.0.1 only. Add users with `pandian user add NAME --role ROLE` to require logins.")
