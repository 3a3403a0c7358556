"""Running the project's settings in a fresh process, with a clean environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**env):
    """The machine's environment without project settings, plus ``env``."""
    prefixes = ("DJANGO_", "AWS_", "REDIS_URL", "DATABASE_URL", "GUNICORN_", "MEDIA_ROOT")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return {**clean, "DJANGO_SETTINGS_MODULE": "unlops.settings", **env}


def run(args, **env):
    return subprocess.run(
        args, cwd=ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=180
    )


def settings_under(code, **env):
    """Run ``code`` after django.setup() in a fresh process; it prints one JSON value."""
    script = "import django, json; django.setup(); from django.conf import settings\n" + code
    result = run([sys.executable, "-c", script], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
