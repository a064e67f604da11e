"""Users and roles for the app: a JSON file in the workspace with salted PBKDF2 password hashes.

No file means single-user mode (owner, loopback only), which the app states plainly.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from pandian.errors import PandianError
from pandian.security.roles import check_role

ITERATIONS = 200_000


def users_file(root: Path) -> Path:
    return Path(os.environ.get("PANDIAN_USERS_FILE") or root / "users.json")


def _hash(password: str, salt: str, iterations: int = ITERATIONS) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations).hex()


def load_users(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PandianError(f"{path}: not a valid users file ({exc})", hint="fix it or remove it and re-add users")


def _save(path: Path, users: dict[str, dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(users, indent=2, ensure_ascii=False), encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def add_user(path: Path, name: str, role: str, password: str) -> dict[str, Any]:
    check_role(role)
    if not name or any(ch in name for ch in " :/\\"):
        raise PandianError(f"invalid user name {name!r}", hint="letters, digits, '.', '_' or '-'")
    if len(password) < 8:
        raise PandianError("password too short", hint="at least 8 characters")
    users = load_users(path)
    salt = secrets.token_hex(16)
    users[name] = {"role": role, "salt": salt, "iterations": ITERATIONS, "hash": _hash(password, salt)}
    _save(path, users)
    return {"user": name, "role": role, "file": str(path)}


def remove_user(path: Path, name: str) -> None:
    users = load_users(path)
    if name not in users:
        raise PandianError(f"no user {name!r}", hint=f"users: {', '.join(users) or 'none'}")
    del users[name]
    _save(path, users)


def verify(path: Path, name: str, password: str) -> bool:
    u = load_users(path).get(name)
    if not u:
        return False
    return hmac.compare_digest(u["hash"], _hash(password, u["salt"], int(u.get("iterations", ITERATIONS))))


def role_of(path: Path, name: str | None) -> str:
    """A logged-in user's role; single-user mode (no users file at all) is owner; unknown users are viewers."""
    if not path.exists():
        return "owner"
    u = load_users(path).get(name or "")
    return u["role"] if u else "viewer"
