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
    """The new password; one that breaks the rule is a usage error (exit 2) before anything is stored."""
    from tollbook.web.auth import MIN_PASSWORD

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        typer.echo(f"error: password: at least {MIN_PASSWORD} characters (this one has {len(password)}); "
                   "nothing was changed", err=True)
        raise typer.Exit(2)
    return password


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

    password = _password(password_stdin)
    corpus = _open(db, ctx)
    with reported(ctx, db or "tollbook.db"):
        corpus.add_user(name, hash_password(password), role)
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

    password = _password(password_stdin)
    corpus = _open(db, ctx, create=False)
    with reported(ctx, db or "tollbook.db"):
        corpus.set_password(name, hash_password(password))
    typer.echo(f"password of {name} changed")


@user_app.command("list")
def user_list(ctx: typer.Context, db: DbOption = None) -> None:
    """List the accounts and their roles."""
    for user in _open(db, ctx, create=False, read_only=True).users():
        typer.echo(f"{user['name']}\t{user['role']}")


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    private: Annotated[bool, typer.Option("--private", help="Require signing in to read anything.")] = False,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", metavar="NAME", help="A Host header to answer, e.g. review.example.org (repeatable; "
        "'*.example.org' matches subdomains). Others get 400, against DNS rebinding. Default: the --host address, "
        "localhost and 127.0.0.1.")] = None,
    proxy_headers: Annotated[bool, typer.Option(
        "--proxy-headers", help="Behind a reverse proxy: take the client's address and scheme from the "
        "X-Forwarded-For and X-Forwarded-Proto headers a --trusted-proxy sends (otherwise they are ignored).")
    ] = False,
    trusted_proxy: Annotated[list[str] | None, typer.Option(
        "--trusted-proxy", metavar="ADDR", help="Address of the proxy whose X-Forwarded-* headers are trusted "
        "with --proxy-headers (repeatable; default 127.0.0.1).")] = None,
    max_body: Annotated[int | None, typer.Option(
        "--max-body", min=1, metavar="BYTES", help="Largest request body taken; larger ones get 413 "
        "(default: max_body_bytes in settings.toml, 1 MiB).")] = None,
) -> None:
    """Serve the review UI and its JSON API (OpenAPI schema at /api/openapi.json)."""
    import uvicorn

    from tollbook.web import create_app
    from tollbook.web.guard import allowed_hosts

    if trusted_proxy and not proxy_headers:
        raise typer.BadParameter("is used only with --proxy-headers: add it, or leave --trusted-proxy out",
                                 param_hint="--trusted-proxy")
    _open(db, ctx).close()  # a clear error now if the database cannot be opened
    hosts = allowed_hosts(host, allowed_host)
    with reported(ctx, db or "tollbook.db"):
        application = create_app(db, private=private, allowed_hosts=hosts, max_body=max_body)
    typer.echo(f"tollbook review UI on http://{host}:{port}/ (Ctrl-C stops it); answering Host "
               f"{', '.join(hosts)}", err=True)
    if host in ("0.0.0.0", "::") and not allowed_host:
        typer.echo("name the address others use to reach it with --allowed-host NAME", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning", proxy_headers=proxy_headers,
                forwarded_allow_ips=",".join(trusted_proxy or ["127.0.0.1"]))
