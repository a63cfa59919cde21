"""`testimony users ...`: staff accounts from the command line. Passwords are
prompted for (never taken as an argument, where they would stay in the shell
history and the process list), or read from standard input with --password-stdin."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from sqlalchemy.orm import Session

from archive.accounts import (
    AccountError,
    add_user,
    end_sessions,
    list_users,
    set_active,
    set_password,
)


@click.group()
def users() -> None:
    """Staff accounts: who may log in to see restricted material and staff pages."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def add(runtime, name: str, password_stdin: bool) -> None:
    """Add the staff account NAME (the password is asked for)."""
    secret = _password(password_stdin)
    _change(runtime, lambda session: add_user(session, name, secret))
    click.echo(f"Added staff account {name}.")


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def password(runtime, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; every session NAME has open ends."""
    secret = _password(password_stdin)
    _change(runtime, lambda session: set_password(session, name, secret))
    click.echo(f"Password of {name} changed.")


@users.command("deactivate")
@click.argument("name")
@click.pass_obj
def deactivate(runtime, name: str) -> None:
    """Stop NAME from logging in; every session NAME has open ends (reactivating
    does not bring them back)."""
    _change(runtime, lambda session: set_active(session, name, False))
    click.echo(f"Deactivated {name}.")


@users.command("activate")
@click.argument("name")
@click.pass_obj
def activate(runtime, name: str) -> None:
    """Let a deactivated NAME log in again."""
    _change(runtime, lambda session: set_active(session, name, True))
    click.echo(f"Activated {name}.")


@users.command("logout")
@click.argument("name")
@click.pass_obj
def logout(runtime, name: str) -> None:
    """End every session NAME has open, in every browser (a lost laptop, a shared
    computer); NAME logs in again with the same password."""
    _change(runtime, lambda session: end_sessions(session, name))
    click.echo(f"Ended every session of {name}.")


def _change(runtime, change: Callable[[Session], object]) -> None:
    """One change to the accounts, in one transaction; its refusal as a message."""
    with runtime.ready_sessions().begin() as session:
        try:
            change(session)
        except AccountError as error:
            raise click.ClickException(str(error)) from None


@users.command("list")
@click.pass_obj
def list_(runtime) -> None:
    """The staff accounts, with their last login."""
    with runtime.ready_sessions()() as session:
        members = list_users(session)
    if not members:
        click.echo("No staff accounts yet: add one with `testimony users add NAME`.")
    for member in members:
        last = member.last_login_at.strftime("%Y-%m-%d %H:%M") if member.last_login_at else "never"
        state = "active" if member.active else "deactivated"
        click.echo(f"{member.name}\t{state}\tlast login {last}")
