"""What the browser tests share: signing in as a role, watching for CSP violations, running axe,
waiting without eval, drawing pictures to upload, and a folder for screenshots."""

import io
import time
from pathlib import Path

from PIL import Image, ImageDraw

from tests.factories import UserFactory

PASSWORD = "unlops-test-password"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Injected by Playwright itself (not subject to the page's policy): records every violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${where})`
  );
});
"""


def watched_page(browser, live_server, width=1280, height=900, **context_options):
    """A page whose CSP reports and script errors are collected in the returned list;
    ``context_options`` go to the browser context (colour scheme, time zone…)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, **context_options
    )
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return page, problems


def sign_in(page, user):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def staff_page(browser, live_server, role="Editor", width=1280, height=900, username=None):
    """A watched page signed in as a new user of ``role``."""
    user = UserFactory(role=role, username=username or f"{role.lower()}{width}")
    page, problems = watched_page(browser, live_server, width, height)
    sign_in(page, user)
    return page, problems


def csp_violations(page, problems):
    return [*page.evaluate("window.__cspViolations || []"), *problems]


def axe_problems(page, selector="body"):
    # Evaluated by Playwright, so the page's policy (no inline script) need not be relaxed.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "([selector, tags]) => axe.run(document.querySelector(selector), "
        "{runOnly: {type: 'tag', values: tags}})",
        [selector, WCAG_22_AA],
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "where": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


def wait_until(page, expression, seconds=10):
    """Poll ``expression`` from Playwright: wait_for_function compiles it with eval, which the
    admin's policy (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, expression
        page.wait_for_timeout(100)


def picture(colour, label, size=(900, 600), image_format="JPEG"):
    """A picture with a white disc in the middle and a label, as bytes."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 3, size[1] // 4, size[0] // 3 * 2, size[1] // 4 * 3), fill="white")
    draw.text((20, 20), label, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()
