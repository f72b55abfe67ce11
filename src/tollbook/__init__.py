"""tollbook: an auditable table of casualty claims from news text.

``tollbook.extract(text, published=None)`` returns the claims of one text.
"""

from tollbook.extract.pipeline import extract
from tollbook.model import Claim, Document, Figure

__all__ = ["Claim", "Document", "Figure", "extract"]
__version__ = "0.1.0"
