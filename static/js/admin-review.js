// Marks each field that has open review comments, next to its label, with a link to them.
"use strict";
// Loaded in the page's head (form media): it waits for the page to be read.
function flagCommentedFields() {
  const panel = document.getElementById("review-comments");
  if (!panel) return;
  const counts = new Map();
  panel.querySelectorAll(".review-comment[data-field]").forEach((thread) => {
    if (thread.dataset.open !== "true" || !thread.dataset.field) return;
    counts.set(thread.dataset.field, [...(counts.get(thread.dataset.field) || []), thread.id]);
  });
  counts.forEach((ids, field) => {
    // A field shown read-only (an article in review, to its author) has a label with no "for".
    const label =
      document.querySelector(`label[for="id_${field}"]`) ||
      document.querySelector(`.form-row.field-${field} label, .fieldBox.field-${field} label`);
    if (!label) return;
    // The panel's "on <field>" links reach a read-only field's row too.
    const row = label.closest(".form-row, .fieldBox");
    if (row && !document.getElementById(`id_${field}`)) row.id = `id_${field}`;
    const link = document.createElement("a");
    link.className = "review-comment-flag";
    link.href = `#${ids[0]}`;
    link.textContent = ids.length === 1 ? panel.dataset.oneOpen : `${ids.length} ${panel.dataset.manyOpen}`;
    label.after(link);
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", flagCommentedFields);
} else {
  flagCommentedFields();
}
