// The "Select all" box of the admin's export form (django-import-export), bound here rather than
// by an inline onchange attribute, which the Content-Security-Policy does not run.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    toggle.addEventListener("change", () => {
      const boxes = document.querySelectorAll(
        '.selectable-field-export-row input[type="checkbox"]',
      );
      for (const box of boxes) {
        box.checked = toggle.checked;
      }
    });
  }
});
