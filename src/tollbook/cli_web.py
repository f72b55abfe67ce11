"""Commands of the review UI: ``serve`` and ``user add`` / ``user passwd`` / ``user list``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tollbook.cli import app
from tollbook.cli_store import DbOption, _open, reported

user_app = typer.Typer(help="Manage the review UI's local accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")

ROLE_HELP = "viewer (reads), editor (reviews claims, merges events) or admin."


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account's name.")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)] = "editor",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first "
                                                 "line of standard input instead of asking.")] = False,
    db: DbOption = None,
) -> None:
    """Create an account (the password is asked for twice, or read with --password-stdin)."""
    from tollbook.web.auth import hash_password

    corpus = _open(db, ctx)
    with reported(ctx, db or "tollbook.db"):
        corpus.add_user(name, hash_password(_password(password_stdin)), role)
    typer.echo(f"user {name} added ({role})")


@user_app.command("passwd")
def user_passwd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account's name.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard "
                                                 "input.")] = False,
    db: DbOption = None,
) -> None:
    """Set a new password (signs the account out everywhere)."""
    from tollbook.web.auth import hash_password

    corpus = _open(db, ctx, create=False)
    with reported(ctx, db or "tollbook.db"):
        corpus.set_password(name, hash_password(_password(password_stdin)))
    typer.echo(f"password of {name} changed")


@user_app.command("list")
def user_list(ctx: typer.Context, db: DbOption = None) -> None:
    """List the accounts and their roles."""
    for user in _open(db, ctx, create=False).users():
        typer.echo(f"{user['name']}\t{user['role']}")


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    private: Annotated[bool, typer.Option("--private", help="Require signing in to read anything.")] = False,
) -> None:
    """Serve the review UI and its JSON API (OpenAPI schema at /api/openapi.json)."""
    import uvicorn

    from tollbook.web import create_app

    _open(db, ctx).close()  # a clear error now if the database cannot be opened
    with reported(ctx, db or "tollbook.db"):
        application = create_app(db, private=private)
    typer.echo(f"tollbook review UI on http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")
