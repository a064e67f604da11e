"""`pandian user add|remove|list`: who may log in to the app, and with which role."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Callable

from pandian.clikit import print_json
from pandian.security.users import add_user, load_users, remove_user, users_file
from pandian.workspace import Workspace


def add_parsers(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    p = sub.add_parser("user", help="manage app users and roles (viewer, analyst, owner)")
    p.add_argument("action", choices=["add", "remove", "list"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=["viewer", "analyst", "owner"], default="viewer")
    p.add_argument("--password", help="default: $PANDIAN_PASSWORD, else asked for")
    common(p)


def cmd_user(args: argparse.Namespace) -> int:
    ws = Workspace.resolve(args.workspace, args.warehouse)
    path = users_file(ws.root)
    if args.action == "list":
        rows = [{"user": n, "role": u["role"]} for n, u in load_users(path).items()]
        if args.json:
            print_json(rows)
        else:
            for r in rows:
                print(f"{r['user']:<20} {r['role']}")
        return 0
    if not args.name:
        print("error: give a user name", file=sys.stderr)
        return 2
    if args.action == "remove":
        remove_user(path, args.name)
        print(f"removed {args.name}")
        return 0
    password = args.password or os.environ.get("PANDIAN_PASSWORD") or getpass.getpass(f"password for {args.name}: ")
    out = add_user(path, args.name, args.role, password)
    if args.json:
        print_json(out)
    else:
        print(f"{out['user']} ({out['role']}) saved in {out['file']}")
    return 0


COMMANDS = {"user": cmd_user}
