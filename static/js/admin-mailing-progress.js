// A mailing's progress page: fetch the figures from the element's data-url every two seconds
// and write them in, until the mailing is finished. A file, not inline script (the site's CSP).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector(".mailing-progress[data-url]");
  if (!root) {
    return;
  }
  const bar = root.querySelector("progress");
  const refresh = async () => {
    let data;
    try {
      const response = await fetch(root.dataset.url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      data = await response.json();
    } catch {
      window.setTimeout(refresh, 5000); // The server is busy or away: ask again later.
      return;
    }
    for (const field of root.querySelectorAll("[data-field]")) {
      field.textContent = String(data[field.dataset.field]);
    }
    bar.max = data.total || 1;
    bar.value = data.sent + data.failed;
    if (!data.finished) {
      window.setTimeout(refresh, 2000);
    }
  };
  window.setTimeout(refresh, 1000);
});
