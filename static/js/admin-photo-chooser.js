"use strict";
// The photo chooser (newsletters/chooser.py): "Choose a photo" opens a modal <dialog> with the
// library's grid, loaded from the server; a card's button sets the hidden id and the preview.
// Works for inline rows added later too: every handler is delegated from the document.
(function () {
  let dialog = null;
  let target = null; // The .photo-chooser the dialog is choosing for.

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function ensureDialog() {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "photo-chooser-dialog";
      dialog.setAttribute("aria-labelledby", "photo-chooser-title");
      document.body.appendChild(dialog);
      dialog.addEventListener("click", onDialogClick);
      dialog.addEventListener("submit", onDialogSubmit);
      dialog.addEventListener("close", function () {
        const opener =
          target && (target.onChoose ? target.opener : target.querySelector(".photo-chooser__open"));
        if (opener) {
          opener.focus();
        }
      });
    }
    return dialog;
  }

  async function load(url, resultsOnly) {
    const address = new URL(url, window.location.href);
    if (resultsOnly) {
      address.searchParams.set("results", "1");
    }
    const response = await fetch(address, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!response.ok) {
      throw new Error(response.statusText);
    }
    return response.text();
  }

  async function open(chooser, url) {
    target = chooser;
    const modal = ensureDialog();
    modal.innerHTML = await load(url || chooser.dataset.chooserUrl, false);
    modal.showModal();
    const search = modal.querySelector("input[type=search]");
    if (search) {
      search.focus();
    }
  }

  function choose(card) {
    if (!target) {
      return;
    }
    if (target.onChoose) {
      // Opened by code (the editor's "Insert photo"): hand the photo back, set nothing here.
      const chosen = { id: card.dataset.photoId, label: card.dataset.label, thumbnail: card.dataset.thumbnail };
      const onChoose = target.onChoose;
      dialog.close();
      onChoose(chosen);
      return;
    }
    const input = target.querySelector("input[type=hidden]");
    input.value = card.dataset.photoId;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const thumb = target.querySelector(".photo-chooser__thumb");
    if (card.dataset.thumbnail) {
      thumb.src = card.dataset.thumbnail;
      thumb.hidden = false;
    } else {
      thumb.hidden = true;
    }
    target.querySelector(".photo-chooser__label").textContent = card.dataset.label;
    target.querySelector(".photo-chooser__open").textContent = target.dataset.changeText;
    target.querySelector(".photo-chooser__clear").hidden = false;
    dialog.close();
  }

  function clear(chooser) {
    chooser.querySelector("input[type=hidden]").value = "";
    const thumb = chooser.querySelector(".photo-chooser__thumb");
    thumb.hidden = true;
    thumb.removeAttribute("src");
    chooser.querySelector(".photo-chooser__label").textContent = chooser.dataset.emptyText;
    chooser.querySelector(".photo-chooser__open").textContent = chooser.dataset.chooseText;
    chooser.querySelector(".photo-chooser__clear").hidden = true;
    chooser.querySelector(".photo-chooser__open").focus();
  }

  async function showResults(url) {
    const results = dialog.querySelector(".photo-chooser-results");
    results.innerHTML = await load(url, true);
  }

  function onDialogClick(event) {
    const card = event.target.closest(".photo-card");
    if (card) {
      choose(card);
      return;
    }
    if (event.target.closest(".photo-chooser-modal__close")) {
      dialog.close();
      return;
    }
    const pageLink = event.target.closest(".photo-chooser-pages a");
    if (pageLink) {
      event.preventDefault();
      showResults(pageLink.href);
    }
  }

  async function upload(form) {
    const fileInput = form.querySelector("input[type=file]");
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status === 201) {
      const photo = await response.json();
      choose({ dataset: { photoId: String(photo.id), label: photo.label, thumbnail: photo.thumbnail } });
      return;
    }
    // The form again with its errors; the picture already chosen stays chosen.
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const again = holder.querySelector("form");
    if (!again) {
      return;
    }
    const newFile = again.querySelector("input[type=file]");
    if (newFile && fileInput) {
      newFile.replaceWith(fileInput);
    }
    form.replaceWith(again);
    const firstError = again.querySelector(".errorlist");
    if (firstError) {
      const field = firstError.closest("div").querySelector("input, textarea, select");
      if (field) {
        field.focus();
      }
    }
  }

  function onDialogSubmit(event) {
    const form = event.target;
    if (form.classList.contains("photo-chooser-search")) {
      event.preventDefault();
      const url = new URL(form.action, window.location.href);
      url.searchParams.set("q", form.querySelector("input[name=q]").value);
      showResults(url.href);
    } else if (form.classList.contains("photo-chooser-upload-form")) {
      event.preventDefault();
      upload(form);
    }
  }

  // For other scripts: open the chooser at ``url`` and get the picked photo ({id, label,
  // thumbnail}) back in ``onChoose``; focus returns to ``opener`` when the modal closes.
  window.UnlopsPhotoChooser = {
    open: function (url, onChoose, opener) {
      return open({ onChoose: onChoose, opener: opener || null }, url);
    },
  };

  document.addEventListener("click", function (event) {
    const opener = event.target.closest(".photo-chooser__open");
    if (opener) {
      event.preventDefault();
      open(opener.closest(".photo-chooser"));
      return;
    }
    const clearer = event.target.closest(".photo-chooser__clear");
    if (clearer) {
      event.preventDefault();
      clear(clearer.closest(".photo-chooser"));
    }
  });
})();
