"""`python -m services.snapshot`: run the snapshot worker (headless Chromium, no database)."""

from shared.runtime.service import serve

from .main import create_app

if __name__ == "__main__":
    serve(create_app, service="snapshot")
