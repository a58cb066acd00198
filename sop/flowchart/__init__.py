"""The SOP AP flowchart matrix: ``layout`` turns content into pages of geometry, ``svg`` draws a page.

Pure code: content in, geometry and SVG text out; no database, no Django request.
"""

from .layout import PAPER_SIZES, Page, layout
from .svg import svg

__all__ = ["PAPER_SIZES", "Page", "layout", "svg"]
