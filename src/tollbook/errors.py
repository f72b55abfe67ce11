"""tollbook's exceptions: one base class, a few named kinds (see STYLE.md, "Errors")."""


class TollbookError(Exception):
    """Base class of every error tollbook raises on purpose."""


class LexiconError(TollbookError):
    """A vocabulary or settings file is malformed; the message names file, key and entry."""


class ExtractError(TollbookError):
    """A document could not be read within its limits (time); the message says which and how to raise it."""


class InputError(TollbookError):
    """An input file or record cannot be read; the message names the file and record."""


class IngestError(InputError):
    """A source file cannot be turned into a Document; the message names the file and the fix."""


class StoreError(TollbookError):
    """The corpus database cannot be opened, read or written; the message names the URL and the fix."""
