"""The README's commands are real: its first lines, every `iopdocs` command and flag it names."""

from __future__ import annotations

import re
from pathlib import Path

import click

from iopdocs.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    block = README.split("```", 2)[1]
    assert [line for line in block.splitlines() if line.strip()] == ["make", "make test"]


def test_every_iopdocs_command_in_the_readme_exists_with_its_flags():
    ctx = click.Context(main)
    named = re.findall(r"`iopdocs (?:--root [A-Z]+ )?([a-z]+)([^`\n]*)`", README)
    named += re.findall(r"^iopdocs ([a-z]+)(.*)$", README, flags=re.M)  # in code blocks
    assert {name for name, _ in named} >= {"check", "build", "new", "schema", "status", "history", "diff", "packet",
                                           "mallar"}
    for name, rest in named:
        command = main.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):  # `iopdocs mallar ny …`: the subcommand's flags
            sub = rest.split()[0] if rest.split() else ""
            command = command.get_command(ctx, sub)
            assert command is not None, (name, sub)
        flags = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for flag in re.findall(r"(--[a-z-]+)", rest):
            assert flag in flags, (name, flag)


def test_every_make_target_in_the_readme_exists():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, flags=re.M))
    for target in re.findall(r"`make ([a-z]+)`", README):
        assert target in targets, target
