"use strict";
// The issue desk (newsletters/desk_admin.py): drag a row by mouse, or press its Up / Down
// buttons (or the arrow keys on them), and the new order is posted to the desk's reorder URL at
// once; the list of what blocks publication is replaced by the server's answer, and refreshed
// every 30 seconds while the page is visible. Without this script the buttons post one move each.
// Loaded in the page's head with the admin's media: it starts once the document is parsed.
function startIssueDesk() {
  const desk = document.getElementById("issue-desk");
  if (!desk) {
    return;
  }
  const form = desk.querySelector("#desk-order-form");
  const body = form && form.querySelector("tbody");
  const statusLine = desk.querySelector(".desk-status-line");
  const checklist = desk.querySelector("#desk-checklist");
  let saved = null; // The order last saved, to put back if a save fails.
  let dragged = null;
  let pending = Promise.resolve();

  function rows() {
    return body ? Array.from(body.querySelectorAll("tr.desk-row")) : [];
  }

  function order() {
    return rows().map(function (row) {
      return row.dataset.articleId;
    });
  }

  function announce(text) {
    if (statusLine) {
      statusLine.textContent = text;
    }
  }

  function csrfToken() {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function restore(ids) {
    const byId = {};
    rows().forEach(function (row) {
      byId[row.dataset.articleId] = row;
    });
    ids.forEach(function (id) {
      if (byId[id]) {
        body.appendChild(byId[id]);
      }
    });
  }

  function applyAnswer(answer) {
    rows().forEach(function (row) {
      const cell = row.querySelector(".desk-position");
      const position = answer.positions && answer.positions[row.dataset.articleId];
      if (cell && position !== undefined) {
        cell.textContent = String(position);
      }
    });
    if (checklist && typeof answer.checklist === "string") {
      checklist.innerHTML = answer.checklist;
    }
  }

  async function post(ids) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken());
    ids.forEach(function (id) {
      data.append("order", id);
    });
    const response = await fetch(desk.dataset.reorderUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
    const answer = await response.json().catch(function () {
      return {};
    });
    if (!response.ok) {
      throw new Error(answer.error || response.statusText);
    }
    return answer;
  }

  function save(movedRow) {
    const ids = order();
    if (saved && ids.join(",") === saved.join(",")) {
      return pending;
    }
    const before = saved;
    saved = ids;
    desk.classList.add("desk-saving");
    pending = pending
      .then(function () {
        return post(ids);
      })
      .then(function (answer) {
        applyAnswer(answer);
        let text = answer.message || "";
        if (movedRow) {
          text =
            (desk.dataset.movedText || "{position} / {count}")
              .replace("{position}", String(rows().indexOf(movedRow) + 1))
              .replace("{count}", String(rows().length)) +
            " " +
            text;
        }
        announce(text);
        desk.dataset.saved = String(Number(desk.dataset.saved || 0) + 1);
      })
      .catch(function (error) {
        saved = before;
        if (before) {
          restore(before);
        }
        announce((desk.dataset.failedText || "") + " " + error.message);
        desk.dataset.failed = error.message;
      })
      .finally(function () {
        desk.classList.remove("desk-saving");
      });
    return pending;
  }

  function move(button, step) {
    const row = button.closest("tr.desk-row");
    const list = rows();
    const target = list[list.indexOf(row) + step];
    if (!row || !target) {
      return;
    }
    if (step < 0) {
      target.before(row);
    } else {
      target.after(row);
    }
    const same = row.querySelector('button.desk-move[data-move="' + button.dataset.move + '"]');
    (same || button).focus();
    save(row);
  }

  if (form && body) {
    saved = order();
    form.addEventListener("click", function (event) {
      const button = event.target.closest("button.desk-move");
      if (button) {
        event.preventDefault();
        move(button, Number(button.dataset.move));
      }
    });
    form.addEventListener("keydown", function (event) {
      const button = event.target.closest && event.target.closest("button.desk-move");
      if (button && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        event.preventDefault();
        move(button, event.key === "ArrowUp" ? -1 : 1);
      }
    });

    body.addEventListener("dragstart", function (event) {
      dragged = event.target.closest && event.target.closest("tr.desk-row");
      if (!dragged) {
        return;
      }
      dragged.classList.add("desk-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.articleId);
    });
    // The row follows the pointer: on entering a row, moving over it and dropping on it.
    function placeAt(event) {
      const over = event.target.closest && event.target.closest("tr.desk-row");
      if (!dragged || !over) {
        return;
      }
      event.preventDefault();
      if (event.dataTransfer) {
        event.dataTransfer.dropEffect = "move";
      }
      if (over === dragged) {
        return;
      }
      const box = over.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        over.before(dragged);
      } else {
        over.after(dragged);
      }
    }
    body.addEventListener("dragenter", placeAt);
    body.addEventListener("dragover", placeAt);
    body.addEventListener("drop", placeAt);
    body.addEventListener("dragend", function () {
      if (!dragged) {
        return;
      }
      const row = dragged;
      dragged = null;
      row.classList.remove("desk-dragging");
      save(row);
    });
  }

  async function refreshChecklist() {
    if (!checklist || document.visibilityState !== "visible" || !desk.dataset.checklistUrl) {
      return;
    }
    try {
      const response = await fetch(desk.dataset.checklistUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const answer = await response.json();
        checklist.innerHTML = answer.checklist;
      }
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
  }

  window.setInterval(refreshChecklist, 30000);
  document.addEventListener("visibilitychange", refreshChecklist);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startIssueDesk);
} else {
  startIssueDesk();
}
