# syntax=docker/dockerfile:1
# Stage 1: build the single-page app.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# Stage 2: the Python service with the built frontend.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DIEMCAU_DATABASE_URL=sqlite+aiosqlite:////data/diemcau.db \
    DIEMCAU_DATA_DIR=/data/files
WORKDIR /app
# Dependencies first (their own layer): exactly the pins of the lock, each hash-checked.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md alembic.ini ./
COPY app/ app/
COPY migrations/ migrations/
# Editable: migrations/ and frontend/dist are found next to the package. No resolution
# here: everything it needs came from the lock above.
RUN pip install --no-cache-dir --no-deps -e . && useradd --system --uid 1000 diemcau \
    && mkdir -p /data && chown diemcau /data
COPY --from=frontend /src/frontend/dist frontend/dist
ENV DIEMCAU_FRONTEND_DIST=/app/frontend/dist
USER diemcau
VOLUME ["/data"]
EXPOSE 8000
CMD ["diemcau", "serve", "--host", "0.0.0.0", "--port", "8000"]
