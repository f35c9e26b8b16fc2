"""Page furniture: markings and running headers/footers, and real content that only looks repeated."""
import pytest

from ehcp_nlp.extract.furniture import is_furniture, is_page_number, repeated_lines
from ehcp_nlp.extract.roles import is_placeholder


@pytest.mark.parametrize("line", ["OFFICIAL-SENSITIVE", "OFFICIAL - SENSITIVE: PERSONAL", "Page 3 of 12", "3 / 12",
                                  "- 4 -"])
def test_markings_and_page_numbers_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["None.", "N/A", "Section A: About me", "Page turning is hard for Sam.",
                                  "Official letters upset Mum.", "Click or tap here to enter text."])
def test_content_is_not_furniture(line):
    assert not is_furniture(line)


def test_an_unfilled_prompt_is_kept_as_a_placeholder():
    """A form's prompt marks an empty field (it counts towards 'an unfilled template'), so it is kept."""
    assert is_placeholder("Click or tap here to enter text.")


@pytest.mark.parametrize("line, number", [("3", True), ("Page 3 of 12", True), ("2025", True), ("OFFICIAL", False)])
def test_page_numbers_are_told_apart(line, number):
    """A bare number is furniture only where page numbers go (the PDF reader checks where it is)."""
    assert is_page_number(line) is number


def test_running_header_on_most_pages_is_found():
    bodies = ["Connor likes buses.", "He reads well.", "Maths is hard.", "Lunch is noisy.", "PE is fun."]
    pages = [["EHCP for Connor Lacey", body, "Final plan"] for body in bodies]
    assert repeated_lines(pages) == {"ehcp for connor lacey", "final plan"}


def test_a_short_answer_at_two_page_edges_is_kept():
    """Regression: 'N/A' ending H1 and H2 at the foot of two pages of a four-page plan was dropped."""
    pages = [["Intro", "text", "N/A"], ["H2", "N/A"], ["More", "words"], ["End", "text"]]
    assert repeated_lines(pages) == set()
