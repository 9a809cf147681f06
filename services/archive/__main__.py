"""`python -m services.archive`: run the archive service."""

from shared.runtime.service import serve

from .main import create_app

if __name__ == "__main__":
    serve(create_app, service="archive")
