# The production image: gunicorn for the web, the same image for Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_MANIFEST=true

WORKDIR /app
RUN useradd --create-home --uid 1000 defensetrack

COPY pyproject.toml README.md ./
COPY defensetrack ./defensetrack
RUN pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings but no secrets or database.
RUN DEFENSETRACK_ALLOW_INSECURE_KEY=1 python manage.py collectstatic --noinput

USER defensetrack
EXPOSE 8000
CMD ["gunicorn", "defensetrack.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
