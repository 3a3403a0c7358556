"""Every kind of page is valid HTML, checked by the Nu HTML Checker when it is at hand.

Set VNU_JAR to the path of vnu.jar (npm package vnu-jar: `npm pack vnu-jar`); Java runs it.
"""

import os
import shutil
import subprocess

import pytest

from tests.site.world import public_urls

pytestmark = pytest.mark.django_db

VNU_JAR = os.environ.get("VNU_JAR", "")


@pytest.mark.skipif(
    not (VNU_JAR and os.path.exists(VNU_JAR) and shutil.which("java")),
    reason="set VNU_JAR to vnu.jar (and have java) to validate the HTML",
)
def test_pages_are_valid_html(client, world, tmp_path):
    files = []
    for name, url in public_urls(world).items():
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            path = tmp_path / f"{name}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    not_found = tmp_path / "not-found.html"
    not_found.write_bytes(client.get("/nope/").content)
    files.append(str(not_found))
    result = subprocess.run(
        ["java", "-jar", VNU_JAR, "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr or result.stdout
