"use strict";
// Keyboard reordering for the sortable inlines (unlops/admin_sortable.py): each saved row has
// Move up / Move down buttons; the arrow keys on a focused button move it again. The hidden
// order inputs are renumbered as django-admin-sortable2 does after a drag.
(function () {
  function rows(fieldset) {
    return Array.from(fieldset.querySelectorAll("tbody tr.has_original"));
  }

  function renumber(fieldset) {
    const list = rows(fieldset);
    const reversed = fieldset.classList.contains("reversed");
    list.forEach(function (row, index) {
      const input = row.querySelector("input._reorder_");
      if (input) {
        input.value = String(reversed ? list.length - index : index + 1);
      }
    });
  }

  function announce(fieldset, row) {
    const status = fieldset.querySelector(".sortable-status");
    const list = rows(fieldset);
    const template = fieldset.dataset.movedText || "{position} / {count}";
    if (status) {
      status.textContent = template
        .replace("{position}", String(list.indexOf(row) + 1))
        .replace("{count}", String(list.length));
    }
  }

  function move(button, step) {
    const fieldset = button.closest("fieldset");
    const row = button.closest("tr");
    if (!fieldset || !row) {
      return;
    }
    const list = rows(fieldset);
    const target = list[list.indexOf(row) + step];
    if (!target) {
      return;
    }
    if (step < 0) {
      target.before(row);
    } else {
      target.after(row);
    }
    renumber(fieldset);
    button.focus();
    announce(fieldset, row);
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.sortable-move");
    if (button) {
      event.preventDefault();
      move(button, Number(button.dataset.move));
    }
  });

  document.addEventListener("keydown", function (event) {
    const button = event.target.closest && event.target.closest("button.sortable-move");
    if (!button || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    event.preventDefault();
    const step = event.key === "ArrowUp" ? -1 : 1;
    const row = button.closest("tr");
    move(button, step);
    // Keep the focus on the button of the same direction in the row that moved.
    const same = row.querySelector('button.sortable-move[data-move="' + button.dataset.move + '"]');
    if (same) {
      same.focus();
    }
  });
})();
