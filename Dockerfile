# cadreplan production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango; DejaVu fonts carry the Vietnamese diacritics of the PDF reports.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 cadreplan
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install -e .
COPY . .
RUN python scripts/compile_messages.py \
 && DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media && chown -R cadreplan:cadreplan /app/var

USER cadreplan
EXPOSE 8000
CMD ["gunicorn", "cadreplan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
