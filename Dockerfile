FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY claimcheck ./claimcheck
COPY api ./api
COPY workers ./workers
COPY schemas ./schemas
COPY seeds ./seeds
RUN pip install . && useradd --system --uid 1000 claimcheck
USER claimcheck

ENV CLAIMCHECK_FEEDS_DIR=/app/seeds/feeds
EXPOSE 8000
CMD ["claimcheck", "serve", "--host", "0.0.0.0", "--port", "8000"]
