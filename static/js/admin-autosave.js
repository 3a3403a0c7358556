// Autosave of the admin's change forms in this browser, and a warning before leaving unsaved work.
//
// Every few seconds, and when a field changes, the form's values go to localStorage under a key
// made of the page's address (which holds the object's id) and the signed-in user. After a save
// the server refused (a validation error, an edit conflict), a crash or a closed tab, the form
// offers "Restore your unsaved text" with Restore and Discard. A save that succeeds (the admin's
// success message on the next page) clears the copy. Files, passwords, the CSRF token and the
// version the form was opened at are never kept: restoring must not undo the conflict check.
"use strict";

(() => {
  const PREFIX = "unlops:autosave:";
  const PENDING = "unlops:autosave:pending";
  const INTERVAL_MS = 5000;
  const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
  const SKIPPED = /(^csrfmiddlewaretoken$|^loaded_version$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|^_)/;
  const t = (text) => (window.gettext ? window.gettext(text) : text);

  function storage() {
    try {
      const probe = `${PREFIX}probe`;
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      return null; // Private mode, a full disk or a policy: no autosave, nothing breaks.
    }
  }

  function userId() {
    const meta = document.querySelector('meta[name="unlops-user"]');
    return meta ? meta.content : "";
  }

  function keyFor(path) {
    return `${PREFIX}${userId()}:${path}`;
  }

  function changeForm() {
    if (!document.body.classList.contains("change-form")) {
      return null;
    }
    // The object's own form (Django names it <model>_form), not the tools' little forms.
    const form = document.querySelector("#content-main form[id$='_form'][method='post' i]");
    if (!form || form.closest(".delete-confirmation")) {
      return null;
    }
    return form;
  }

  function kept(element) {
    if (!element.name || SKIPPED.test(element.name) || element.disabled) {
      return false;
    }
    const type = (element.type || "").toLowerCase();
    return !["file", "password", "submit", "button", "reset", "image"].includes(type);
  }

  function snapshot(form) {
    const values = {};
    for (const element of form.elements) {
      if (!kept(element)) {
        continue;
      }
      const type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        const list = values[element.name] || (values[element.name] = []);
        if (element.checked) {
          list.push(element.value);
        }
      } else if (element.tagName === "SELECT" && element.multiple) {
        values[element.name] = [...element.selectedOptions].map((option) => option.value);
      } else {
        values[element.name] = element.value;
      }
    }
    return values;
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function differing(saved, current) {
    return Object.keys(saved).filter((name) => name in current && !same(saved[name], current[name]));
  }

  function setRichText(textarea, html) {
    textarea.value = html;
    const editable = textarea.closest(".prose-editor")?.querySelector(".ProseMirror[contenteditable]");
    const editor = editable && editable.editor;
    if (editor && editor.commands) {
      editor.commands.setContent(html || "");
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function apply(form, values) {
    for (const [name, value] of Object.entries(values)) {
      const elements = [...form.elements].filter((element) => element.name === name && kept(element));
      for (const element of elements) {
        const type = (element.type || "").toLowerCase();
        if (type === "checkbox" || type === "radio") {
          element.checked = Array.isArray(value) && value.includes(element.value);
        } else if (element.tagName === "SELECT") {
          const wanted = Array.isArray(value) ? value : [value];
          for (const option of element.options) {
            option.selected = wanted.includes(option.value);
          }
          // Autocomplete selects (select2) offer only chosen options: what is missing stays so.
        } else if (element.tagName === "TEXTAREA" && element.closest(".prose-editor")) {
          setRichText(element, value);
          continue;
        } else {
          element.value = value;
        }
        element.dispatchEvent(new Event("change", { bubbles: true }));
        element.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  }

  function clearOld(store) {
    const now = Date.now();
    for (let index = store.length - 1; index >= 0; index -= 1) {
      const key = store.key(index);
      if (!key || !key.startsWith(PREFIX) || key === PENDING) {
        continue;
      }
      try {
        const { savedAt } = JSON.parse(store.getItem(key));
        if (!savedAt || now - savedAt > MAX_AGE_MS) {
          store.removeItem(key);
        }
      } catch {
        store.removeItem(key);
      }
    }
  }

  // A save submitted from another page: if this page says it succeeded, its copy is no longer
  // needed; if the form came back with errors, the copy stays.
  function settlePending(store) {
    let pending = null;
    try {
      pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "null");
    } catch {
      pending = null;
    }
    if (!pending) {
      return;
    }
    const succeeded = document.querySelector(".messagelist .success");
    const refused = document.querySelector(".errornote, .errorlist");
    if (succeeded && !refused) {
      store.removeItem(pending.key);
    }
    if (succeeded || refused || Date.now() - pending.at > 60000) {
      window.sessionStorage.removeItem(PENDING);
    }
  }

  function banner(form, onRestore, onDiscard, savedAt) {
    const box = document.createElement("div");
    box.className = "autosave-banner";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", t("Unsaved text"));
    const text = document.createElement("p");
    const when = new Date(savedAt).toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    text.textContent = `${t("Restore your unsaved text?")} ${t(
      "This browser kept what you typed in this form and did not save",
    )} (${when}).`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button default autosave-restore";
    restore.textContent = t("Restore");
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button autosave-discard";
    discard.textContent = t("Discard");
    restore.addEventListener("click", () => {
      onRestore();
      box.remove();
    });
    discard.addEventListener("click", () => {
      onDiscard();
      box.remove();
    });
    box.append(text, restore, discard);
    form.before(box);
    return box;
  }

  function start() {
    const form = changeForm();
    const store = storage();
    if (!store) {
      return;
    }
    clearOld(store);
    settlePending(store);
    if (!form) {
      return;
    }
    const key = keyFor(window.location.pathname);
    let initial = null;
    let submitting = false;

    const readSaved = () => {
      try {
        return JSON.parse(store.getItem(key) || "null");
      } catch {
        return null;
      }
    };

    const save = () => {
      if (initial === null) {
        return;
      }
      const current = snapshot(form);
      if (same(current, initial)) {
        // Back to what the page loaded with: nothing of the writer's to keep, unless the page
        // is a refused save, whose copy is the writer's text.
        if (!document.querySelector(".errornote")) {
          store.removeItem(key);
        }
        return;
      }
      try {
        store.setItem(key, JSON.stringify({ savedAt: Date.now(), values: current }));
      } catch {
        // Storage full: keep working without it.
      }
    };

    const dirty = () => initial !== null && !same(snapshot(form), initial);

    // The editors start asynchronously and write their normalised HTML into the textareas:
    // the starting point is taken once they have settled.
    setTimeout(() => {
      initial = snapshot(form);
      const saved = readSaved();
      if (saved && saved.values) {
        const changed = differing(saved.values, initial);
        if (changed.length) {
          banner(
            form,
            () => {
              apply(form, saved.values);
              save();
            },
            () => store.removeItem(key),
            saved.savedAt,
          );
        } else if (!document.querySelector(".errornote")) {
          store.removeItem(key);
        }
      }
      setInterval(save, INTERVAL_MS);
    }, 800);

    let typing = null;
    form.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(save, 1000);
    });
    form.addEventListener("change", save);

    form.addEventListener("submit", () => {
      submitting = true;
      save();
      window.sessionStorage.setItem(PENDING, JSON.stringify({ key, at: Date.now() }));
    });

    // Leaving with unsaved changes asks first; a submit does not.
    window.addEventListener("beforeunload", (event) => {
      if (submitting || !dirty()) {
        return;
      }
      save();
      event.preventDefault();
      event.returnValue = "";
    });
    window.addEventListener("pagehide", () => {
      if (!submitting && dirty()) {
        save();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
