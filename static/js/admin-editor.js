// Writing comfort in the admin's rich-text editor (django-prose-editor): the browser's spell check
// in the page's language, a live word count under each rich-text field; a time-zone note only
// where it helps; a search box over long list filters. No inline script: the CSP allows none.
"use strict";

(() => {
  const t = (text) => (window.gettext ? window.gettext(text) : text);
  const n = (singular, plural, count) =>
    window.ngettext ? window.ngettext(singular, plural, count) : count === 1 ? singular : plural;

  // --- Spell check and language, copied from the textarea (unlops.richtext.RichTextField). ---
  function dressEditor(textarea) {
    const wrapper = textarea.closest(".prose-editor");
    const editable = wrapper && wrapper.querySelector(".ProseMirror[contenteditable]");
    if (!editable) {
      return false;
    }
    editable.setAttribute("spellcheck", textarea.getAttribute("spellcheck") || "true");
    editable.setAttribute("lang", textarea.getAttribute("lang") || document.documentElement.lang);
    if (!editable.hasAttribute("aria-label")) {
      const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
      if (label) {
        editable.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
    }
    return true;
  }

  // --- Word count. ---
  const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu;

  function countWords(html) {
    if (!html) {
      return 0;
    }
    // DOMParser builds an inert document: nothing in it loads or runs.
    const text = new DOMParser().parseFromString(html, "text/html").body.textContent || "";
    return (text.match(WORD) || []).length;
  }

  // Under the editor, inside its box (the admin's form rows lay their children out in a row).
  function placeCounter(textarea, output) {
    const counter = output || document.querySelector(`.word-count[data-for="${textarea.id}"]`);
    const wrapper = textarea.closest(".prose-editor");
    if (!counter) {
      return;
    }
    if (wrapper) {
      wrapper.append(counter);
    } else if (counter.previousElementSibling !== textarea) {
      textarea.after(counter);
    }
  }

  function attachWordCount(textarea) {
    if (textarea.dataset.wordCountReady) {
      return;
    }
    textarea.dataset.wordCountReady = "1";
    const output = document.createElement("p");
    output.className = "word-count";
    output.setAttribute("aria-live", "polite");
    output.dataset.for = textarea.id;
    placeCounter(textarea, output);
    let timer = null;
    const update = () => {
      const words = countWords(textarea.value);
      output.textContent = window.interpolate
        ? window.interpolate(n("%s word", "%s words", words), [words.toLocaleString()])
        : `${words.toLocaleString()} ${words === 1 ? "word" : "words"}`;
    };
    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
    update();
  }

  function setUp(textarea) {
    if (!textarea.matches("[data-word-count]")) {
      return;
    }
    attachWordCount(textarea);
    if (!dressEditor(textarea)) {
      // The editor starts asynchronously; the ready event below dresses it too.
      setTimeout(() => {
        dressEditor(textarea);
        placeCounter(textarea);
      }, 500);
    }
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const textarea = event.detail && event.detail.textarea;
    if (textarea) {
      setUp(textarea);
      dressEditor(textarea);
      placeCounter(textarea);
    }
  });

  // --- Time zone note: a date alone has no time zone; only a time is read in the server's. ---
  function calmTimeZoneNote() {
    const shortcuts = window.DateTimeShortcuts;
    if (!shortcuts || shortcuts.unlopsCalm) {
      return;
    }
    shortcuts.unlopsCalm = true;
    const original = shortcuts.addTimezoneWarning;
    const zone = document.querySelector('meta[name="unlops-time-zone"]');
    shortcuts.addTimezoneWarning = function (input) {
      if (!input.classList.contains("vTimeField")) {
        return;
      }
      original.call(this, input);
      const note = input.parentNode.querySelector(`.${shortcuts.timezoneWarningClass}`);
      if (note && zone && !note.dataset.zone) {
        note.dataset.zone = zone.content;
        const hours = Math.abs(shortcuts.timezoneOffset / 3600);
        const ahead = shortcuts.timezoneOffset > 0;
        const message = ahead
          ? n(
              "Times are %(zone)s time, %(hours)s hour behind this computer's clock.",
              "Times are %(zone)s time, %(hours)s hours behind this computer's clock.",
              hours,
            )
          : n(
              "Times are %(zone)s time, %(hours)s hour ahead of this computer's clock.",
              "Times are %(zone)s time, %(hours)s hours ahead of this computer's clock.",
              hours,
            );
        const city = zone.content.split("/").pop().replace(/_/g, " ");
        note.textContent = message.replace("%(zone)s", city).replace("%(hours)s", String(hours));
      }
    };
  }
  calmTimeZoneNote();

  // --- Long list filters: type to narrow the choices (unlops/admin_filters.py). ---
  function setUpFilterSearch(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) {
      return;
    }
    input.hidden = false;
    input.addEventListener("input", () => {
      const wanted = input.value.trim().toLocaleLowerCase();
      for (const item of list.querySelectorAll("li")) {
        const keep = !wanted || item.classList.contains("selected") ||
          item.textContent.toLocaleLowerCase().includes(wanted);
        item.hidden = !keep;
      }
    });
  }

  // --- Names for controls Django's widgets leave unnamed (axe, screen readers). ---
  function labelText(label) {
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameWidgets(root) {
    // Autocomplete (select2): its search box and the list of chosen items.
    for (const search of root.querySelectorAll(".select2-search__field:not([aria-label])")) {
      const select = search.closest(".related-widget-wrapper, .form-row, td")?.querySelector("select");
      const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
      search.setAttribute("aria-label", labelText(label) || t("Search"));
      // Select2 puts its search box, a span, in the list of chosen items: name the roles.
      search.closest(".select2-search")?.setAttribute("role", "listitem");
      search.closest("ul.select2-selection__rendered")?.setAttribute("role", "list");
    }
    // Django's split date and time: "Date:" and "Time:" are bare text, not labels.
    for (const part of root.querySelectorAll("p.datetime input:not([aria-label])")) {
      const field = labelText(part.closest(".flex-container, .form-row")?.querySelector("label"));
      const which = part.classList.contains("vTimeField") ? t("Time") : t("Date");
      part.setAttribute("aria-label", field ? `${field}: ${which}` : which);
    }
    // Tabular inlines: a cell's control is named by its column's heading.
    for (const table of root.querySelectorAll(".inline-group .tabular table")) {
      const headings = [...table.querySelectorAll("thead th")];
      for (const row of table.querySelectorAll("tbody tr")) {
        [...row.children].forEach((cell, index) => {
          const heading = headings[index] && headings[index].textContent.trim();
          if (!heading) {
            return;
          }
          for (const control of cell.querySelectorAll("select, input:not([type=hidden]), textarea")) {
            const labelled = control.id && document.querySelector(`label[for="${control.id}"]`);
            if (!labelled && !control.hasAttribute("aria-label")) {
              control.setAttribute("aria-label", heading);
            }
          }
        });
      }
    }
  }

  window.addEventListener("load", () => {
    nameWidgets(document);
    new MutationObserver((changes) => {
      if (changes.some((change) => change.addedNodes.length)) {
        nameWidgets(document);
      }
    }).observe(document.getElementById("content") || document.body, {
      childList: true,
      subtree: true,
    });
  });

  document.addEventListener("DOMContentLoaded", () => {
    for (const textarea of document.querySelectorAll("textarea[data-word-count]")) {
      setUp(textarea);
    }
    for (const input of document.querySelectorAll("input.filter-search")) {
      setUpFilterSearch(input);
    }
  });

  window.unlopsEditor = { countWords, dressEditor };
})();
