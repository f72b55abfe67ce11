"""The review web UI and its JSON API (FastAPI, Jinja2, served by uvicorn): ``create_app(db)``."""

from tollbook.web.app import create_app

__all__ = ["create_app"]
