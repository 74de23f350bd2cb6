"""The prose markup: what it renders, and every construct it refuses, with its line."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from casefolder import assert_problem, check, edit, line_of, make_project

from iopdocs.text import Block, MarkupError, Run, parse

BACKGROUND = "cases/x/background.yaml"
CASE = "cases/x/case.yaml"


def kinds(source: str) -> list[tuple[str, int, str]]:
    return [(b.kind, b.list_id, b.text) for b in parse(source).blocks]


def error(source: str) -> tuple[int, str]:
    with pytest.raises(MarkupError) as info:
        parse(source)
    return info.value.line, info.value.message


# --- What renders -------------------------------------------------------------------


def test_blank_line_separates_paragraphs_and_lines_join():
    assert kinds("Ett stycke\nsom fortsätter.\n\nEtt andra.") == [
        ("paragraph", 0, "Ett stycke som fortsätter."),
        ("paragraph", 0, "Ett andra."),
    ]


def test_bullet_list_with_a_continued_item():
    assert kinds("Föreningen erbjuder:\n\n- läxhjälp\n  fyra dagar\n- lovskola") == [
        ("paragraph", 0, "Föreningen erbjuder:"),
        ("bullet", 1, "läxhjälp fyra dagar"),
        ("bullet", 1, "lovskola"),
    ]


def test_numbered_list():
    assert kinds("1. ett\n2. två\n3. tre") == [("number", 1, "ett"), ("number", 1, "två"), ("number", 1, "tre")]


def test_each_list_has_its_own_number():
    assert [b[1] for b in kinds("- a\n\n1. b\n\n- c")] == [1, 2, 3]


def test_bold_and_italic_runs():
    (block,) = parse("Det är **viktigt** och *nytt* här.").blocks
    assert block.runs == (
        Run("Det är "),
        Run("viktigt", bold=True),
        Run(" och "),
        Run("nytt", italic=True),
        Run(" här."),
    )


def test_bold_around_italic():
    (block,) = parse("**fet *och kursiv* text**").blocks
    assert Run("och kursiv", bold=True, italic=True) in block.runs


def test_escaped_asterisk_is_literal():
    (block,) = parse(r"5 \* 3 och \\ kvar").blocks
    assert block.runs == (Run("5 * 3 och \\ kvar"),)


def test_lone_asterisk_between_spaces_is_literal():
    assert parse("5 * 3 = 15").blocks[0].text == "5 * 3 = 15"


def test_crlf_is_read_as_newlines():
    assert kinds("a\r\n\r\nb") == [("paragraph", 0, "a"), ("paragraph", 0, "b")]


def test_the_source_is_kept_for_round_trips():
    assert parse("- a\n- b\n").source == "- a\n- b\n"


def test_text_property_joins_blocks():
    assert parse("a\n\nb").text == "a\n\nb"


def test_block_is_a_value():
    assert parse("a").blocks == (Block("paragraph", (Run("a"),)),)


# --- What is refused --------------------------------------------------------------


def test_unclosed_bold():
    assert error("Det är **viktigt här.") == (1, "fetstil (**) öppnas men stängs aldrig: ”**viktigt här.”")


def test_unclosed_bold_on_the_second_line_of_a_paragraph():
    line, message = error("Första raden\noch **andra raden\noch tredje.")
    assert line == 2
    assert message.startswith("fetstil (**) öppnas men stängs aldrig")


def test_unclosed_italic():
    assert error("a\n\nb *c") == (3, "kursiv (*) öppnas men stängs aldrig: ”*c”")


def test_asterisk_after_a_word_is_unclear_and_says_how_to_write_one():
    assert error("Rad ett\n\nkostar 5* kr") == (3, "oklar fetstil/kursiv vid ”kostar 5* kr”; en asterisk skrivs \\*")


def test_bold_inside_a_word():
    runs = parse("foo**bar**baz").blocks[0].runs
    assert runs == (Run("foo"), Run("bar", bold=True), Run("baz"))


def test_heading_is_refused():
    assert error("Text\n\n# Rubrik") == (3, "rubriker (#) kan inte användas i löptext; lägg rubriken i ett eget avsnitt")


def test_nested_list_is_refused():
    assert error("- a\n  - b") == (2, "listor i flera nivåer stöds inte; skriv punkten utan indrag")


def test_table_is_refused():
    assert error("| a | b |\n|---|---|") == (1, "tabeller (|) kan inte användas i löptext")


def test_html_tag_is_refused():
    assert error("Text med <b>fet</b> stil") == (1, "HTML-taggar kan inte användas i löptext")


def test_control_character_is_refused():
    assert error("a\n\x07") == (2, "otillåtet styrtecken i texten")


def test_numbered_list_must_start_at_1():
    assert error("3. tre") == (1, "numrerad lista: här står 3 där 1 väntades")


def test_numbered_list_must_count_up():
    assert error("1. ett\n3. tre") == (2, "numrerad lista: här står 3 där 2 väntades")


def test_blank_line_inside_a_numbered_list_restarts_it():
    assert error("1. ett\n\n2. två") == (3, "numrerad lista: här står 2 där 1 väntades (en tom rad avslutar listan)")


def test_any_text_gives_prose_or_markup_error():
    rng = random.Random(7)
    pieces = ["*", "**", "\\", "- ", "1. ", "2) ", "# ", "|", "<b>", "  ", "\n", "\n\n", "a", "å", "\t", "•", "\r"]
    for _ in range(20000):
        source = "".join(rng.choice(pieces) for _ in range(rng.randrange(30)))
        try:
            parse(source)
        except MarkupError as exc:
            assert exc.line >= 1 and exc.message


# --- Located in the case file -----------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_markup_error_in_a_literal_block_points_at_its_file_line(root: Path):
    edit(root, BACKGROUND, "om partnerskap. Förvaltningen och föreningen har därefter haft **tre dialogmöten** om",
         "om partnerskap. Förvaltningen och föreningen har därefter haft **tre dialogmöten om")
    line = line_of(root, BACKGROUND, "**tre dialogmöten om")
    assert_problem(
        check(root), f"{BACKGROUND}:{line}: background: fetstil (**) öppnas men stängs aldrig: ”**tre dialogmöten om den gemen”"
    )


def test_heading_in_a_section_points_at_its_file_line(root: Path):
    edit(root, BACKGROUND, "        Föreningen erbjuder:", "        # Föreningen erbjuder")
    line = line_of(root, BACKGROUND, "# Föreningen erbjuder")
    assert_problem(
        check(root),
        f"{BACKGROUND}:{line}: matter.sections[2].text: rubriker (#) kan inte användas i löptext; "
        "lägg rubriken i ett eget avsnitt",
    )


def test_nested_list_in_a_file(root: Path):
    edit(root, BACKGROUND, "        - studiecirklar för föräldrar", "          - studiecirklar för föräldrar")
    line = line_of(root, BACKGROUND, "studiecirklar för föräldrar")
    assert_problem(
        check(root),
        f"{BACKGROUND}:{line}: matter.sections[2].text: listor i flera nivåer stöds inte; skriv punkten utan indrag",
    )


def test_table_in_a_file(root: Path):
    edit(root, BACKGROUND, "  Förvaltningen föreslår att nämnden ingår överenskommelsen.",
         "  | År | Belopp |\n  Förvaltningen föreslår att nämnden ingår överenskommelsen.")
    line = line_of(root, BACKGROUND, "| År | Belopp |")
    assert_problem(check(root), f"{BACKGROUND}:{line}: opinion: tabeller (|) kan inte användas i löptext")


def test_html_in_a_file(root: Path):
    edit(root, BACKGROUND, "  Förvaltningen föreslår att nämnden ingår överenskommelsen.",
         "  Förvaltningen föreslår att nämnden <em>ingår</em> överenskommelsen.")
    line = line_of(root, BACKGROUND, "<em>")
    assert_problem(check(root), f"{BACKGROUND}:{line}: opinion: HTML-taggar kan inte användas i löptext")


def test_markup_error_in_folded_text_points_at_the_value_and_its_text_line(root: Path):
    edit(root, CASE, "    Rinkeby-Kista stadsdelsnämnd ingår en överenskommelse",
         "    Rinkeby-Kista stadsdelsnämnd ingår en **överenskommelse")
    line = line_of(root, CASE, "proposal:") + 1
    assert_problem(
        check(root),
        f"{CASE}:{line}: proposal[0]: rad 1 i texten: fetstil (**) öppnas men stängs aldrig: ”**överenskommelse om idéburet”",
    )


def test_empty_prose_is_a_blank_to_fill(root: Path):
    text = (root / BACKGROUND).read_text(encoding="utf-8")
    start, end = text.index("preparation: |"), text.index("opinion_heading:")
    (root / BACKGROUND).write_text(text[:start] + 'preparation: ""\n\n' + text[end:], encoding="utf-8")
    line = line_of(root, BACKGROUND, "preparation:")
    assert_problem(check(root), f"{BACKGROUND}:{line}: preparation: får inte vara tomt; fyll i värdet, eller ta bort raden")
