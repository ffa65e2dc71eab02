"""The EHC plan checker's public API for the web service and other callers: reading a plan
(text, PDF, OCR), checking it, and the representations letter from what was kept. The
commonest names are also at the top level (`send_redress.check_plan`, `read_plan`...)."""

from send_redress._plan_check import SECTION_NAMES, PlanCheck, PlanFinding, check_plan, to_jsonable
from send_redress._plan_letter import KeptFinding, representations_letter
from send_redress._plan_read import (
    MAX_OCR_PAGES,
    PlanReadError,
    PlanText,
    ocr_available,
    ocr_pdf,
    pdf_page_count,
    read_plan,
    read_text,
)

__all__ = [
    "MAX_OCR_PAGES",
    "SECTION_NAMES",
    "KeptFinding",
    "PlanCheck",
    "PlanFinding",
    "PlanReadError",
    "PlanText",
    "check_plan",
    "ocr_available",
    "ocr_pdf",
    "pdf_page_count",
    "read_plan",
    "read_text",
    "representations_letter",
    "to_jsonable",
]
