"""A4 page geometry in twips (1 cm = 567 twips), the same for every template."""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.shared import Twips

PAGE_W, PAGE_H = 11906, 16838  # 21 × 29.7 cm
MARGIN_L, MARGIN_R = 1701, 1588  # 3.0 cm, 2.8 cm
MARGIN_T, MARGIN_B = 1134, 1418  # 2.0 cm, 2.5 cm
HEADER_D, FOOTER_D = 567, 510
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R  # 8617 twips ≈ 15.2 cm
RIGHT_COL = 3402  # the right-hand document block: 6 cm
LEFT_COL = TEXT_W - RIGHT_COL


def set_up_page(section) -> None:
    """A4 with the house margins, and page 1 with its own header and footer."""
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin, section.right_margin = Twips(MARGIN_L), Twips(MARGIN_R)
    section.top_margin, section.bottom_margin = Twips(MARGIN_T), Twips(MARGIN_B)
    section.header_distance, section.footer_distance = Twips(HEADER_D), Twips(FOOTER_D)
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = True
