"""Gunicorn in production: `make serve`, or `gunicorn --config gunicorn.conf.py`.

Each setting can be changed from the environment; the defaults suit one machine behind a
TLS-terminating proxy on the same host.
"""

import multiprocessing
import os

wsgi_app = "unlops.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Processes for the CPUs, threads for requests that wait on the database or the disk.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # a first PDF export of a long issue
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker is replaced now and then, so a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Only these proxies may say a request came over https (X-Forwarded-Proto) or from where.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout and stderr for the service manager or container runtime to collect.
# No access log by default: the site logs each request itself (unlops/request_log.py), without
# query strings or the tokens of preview and readers' links, which gunicorn's line would carry.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "") or None  # "-": stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
