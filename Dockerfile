# karabakh-monitor: one image for every role (monitor writer, monitor worker, monitor serve, monitor schedule).
# Build: docker build -t karabakh-monitor .     Run the whole fleet: docker compose up --scale worker=4
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MONITOR_DB=/data/monitor.db
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY pyproject.toml README.md scrapy.cfg ./
COPY monitor ./monitor
COPY spiders ./spiders
COPY pipelines ./pipelines
COPY storage ./storage
RUN pip install --no-cache-dir --no-deps . && useradd --system --home /data monitor && mkdir -p /data \
    && chown monitor /data
USER monitor
VOLUME ["/data"]
ENTRYPOINT ["monitor"]
CMD ["--help"]
