"""The ASGI application that uvicorn serves (``app.asgi:app``): socket.io + FastAPI."""

from app.main import asgi_app, create_app

app = asgi_app(create_app())
