// Photos placed inside an article's text: the rich-text editor's "Insert photo" (a
// django-prose-editor extension, registered in settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
//
// The text stores a reference, <figure data-photo="123" data-placement="full|inset"></figure>,
// never a copied picture (unlops/richtext.py keeps exactly that). In the editor each reference is
// an atom: a thumbnail and the caption from the library, selectable, deletable and draggable,
// with buttons for full width / inset, moving it up or down, and removing it. The button opens
// the photo library's chooser (admin-photo-chooser.js) and inserts the picked photo at the cursor.
import { mergeAttributes, Node } from "django-prose-editor/editor";

const PLACEMENTS = ["full", "inset"];
const PHOTO_ID = /^[1-9][0-9]{0,17}$/;
const MOST_AT_ONCE = 50; // As the server's figures view answers.

// What the editor shows of each photo, asked of the server in one request per batch.
const described = new Map(); // id -> Promise of {label, thumbnail, credit} or null
let batch = null;

function describe(url, id) {
  const key = String(id);
  if (described.has(key)) {
    return described.get(key);
  }
  if (!batch) {
    batch = { url: url, waiting: new Map() };
    setTimeout(askForBatch, 0);
  }
  const answer = new Promise(function (resolve) {
    batch.waiting.set(key, resolve);
  });
  described.set(key, answer);
  return answer;
}

async function askForBatch() {
  const { url, waiting } = batch;
  batch = null;
  const ids = [...waiting.keys()];
  for (let start = 0; start < ids.length; start += MOST_AT_ONCE) {
    const address = new URL(url, window.location.href);
    ids.slice(start, start + MOST_AT_ONCE).forEach((id) => address.searchParams.append("id", id));
    let photos = {};
    try {
      const response = await fetch(address, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        photos = (await response.json()).photos || {};
      }
    } catch (error) {
      console.error("Could not describe the photos in the text:", error);
    }
    ids.slice(start, start + MOST_AT_ONCE).forEach(function (id) {
      if (!photos[id]) {
        described.delete(id); // Asked again next time, in case it was the network.
      }
      waiting.get(id)(photos[id] || null);
    });
  }
}

function addStylesheets(addresses) {
  for (const href of addresses || []) {
    if (!document.querySelector(`link[rel=stylesheet][href="${CSS.escape(href)}"]`)) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.append(link);
    }
  }
}

function chooserReady(src) {
  if (window.UnlopsPhotoChooser) {
    return Promise.resolve(window.UnlopsPhotoChooser);
  }
  return new Promise(function (resolve, reject) {
    const script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", () => resolve(window.UnlopsPhotoChooser));
    script.addEventListener("error", reject);
    document.head.append(script);
  });
}

async function pickPhoto(editor, options, opener) {
  const chooser = await chooserReady(options.chooserScript);
  chooser.open(
    options.chooserUrl,
    function (photo) {
      if (PHOTO_ID.test(String(photo.id))) {
        editor
          .chain()
          .focus()
          .insertPhotoFigure({ photo: String(photo.id), placement: "full" })
          .run();
      }
    },
    opener,
  );
}

// A figure's buttons: change its placement, move it past its neighbour, remove it.
function act(editor, pos, action) {
  const { state, view } = editor;
  const node = state.doc.nodeAt(pos);
  if (!node || node.type.name !== "photoFigure") {
    return;
  }
  const tr = state.tr;
  let selectAt = pos;
  if (PLACEMENTS.includes(action)) {
    tr.setNodeMarkup(pos, undefined, { ...node.attrs, placement: action });
  } else if (action === "remove") {
    tr.delete(pos, pos + node.nodeSize);
    selectAt = null;
  } else {
    const $pos = state.doc.resolve(pos);
    const index = $pos.index();
    const parent = $pos.parent;
    if (action === "up" && index > 0) {
      selectAt = pos - parent.child(index - 1).nodeSize;
    } else if (action === "down" && index + 1 < parent.childCount) {
      selectAt = pos + parent.child(index + 1).nodeSize;
    } else {
      return;
    }
    tr.delete(pos, pos + node.nodeSize).insert(selectAt, node);
  }
  view.dispatch(tr);
  if (selectAt === null) {
    editor.commands.focus();
  } else {
    editor.chain().setNodeSelection(selectAt).focus().run();
  }
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  made.className = className;
  if (text) {
    made.textContent = text;
  }
  return made;
}

function figureView(options) {
  const labels = options.labels || {};
  return function ({ node, getPos, editor }) {
    let current = node;
    const dom = element("figure", "figure-ref");
    dom.contentEditable = "false";
    dom.setAttribute("role", "group");
    dom.setAttribute("aria-label", labels.figure || "Photo in the text");
    const thumb = element("img", "figure-ref__thumb");
    thumb.alt = "";
    thumb.hidden = true;
    thumb.draggable = false;
    const caption = element("figcaption", "figure-ref__caption", labels.loading || "…");
    const credit = element("span", "figure-ref__credit");
    const tools = element("div", "figure-ref__tools");
    const buttons = {};
    const button = function (action, text, label) {
      const made = element("button", `figure-ref__button figure-ref__button--${action}`, text);
      made.type = "button";
      made.dataset.action = action;
      if (label) {
        made.setAttribute("aria-label", label);
        made.title = label;
      }
      tools.append(made);
      buttons[action] = made;
      return made;
    };
    const placement = element("span", "figure-ref__placement");
    placement.setAttribute("role", "group");
    placement.setAttribute("aria-label", labels.placement || "Placement");
    tools.append(placement);
    placement.append(button("full", labels.full || "Full width"), button("inset", labels.inset || "Inset"));
    button("up", "↑", labels.up || "Move up");
    button("down", "↓", labels.down || "Move down");
    button("remove", labels.remove || "Remove");
    const text = element("div", "figure-ref__text");
    text.append(caption, credit);
    dom.append(thumb, text, tools);

    let shownPhoto = null;
    const show = function () {
      const inset = current.attrs.placement === "inset";
      dom.classList.toggle("figure-ref--inset", inset);
      dom.dataset.photo = current.attrs.photo || "";
      dom.dataset.placement = inset ? "inset" : "full";
      buttons.full.setAttribute("aria-pressed", String(!inset));
      buttons.inset.setAttribute("aria-pressed", String(inset));
      if (shownPhoto === current.attrs.photo) {
        return;
      }
      shownPhoto = current.attrs.photo;
      describe(options.previewUrl, shownPhoto).then(function (photo) {
        if (shownPhoto !== current.attrs.photo) {
          return;
        }
        dom.classList.toggle("figure-ref--missing", !photo);
        caption.textContent = photo ? photo.label : labels.missing || "Photo not found.";
        credit.textContent = photo && photo.credit ? photo.credit : "";
        if (photo && photo.thumbnail) {
          thumb.src = photo.thumbnail;
          thumb.hidden = false;
        } else {
          thumb.hidden = true;
          thumb.removeAttribute("src");
        }
      });
    };
    tools.addEventListener("click", function (event) {
      const pressed = event.target.closest("button[data-action]");
      const pos = typeof getPos === "function" ? getPos() : null;
      if (pressed && typeof pos === "number") {
        event.preventDefault();
        act(editor, pos, pressed.dataset.action);
      }
    });
    show();
    return {
      dom: dom,
      update(updated) {
        if (updated.type !== current.type) {
          return false;
        }
        current = updated;
        show();
        return true;
      },
      stopEvent(event) {
        // The buttons are ours; everything else (selecting, dragging) is the editor's.
        return Boolean(event.target.closest && event.target.closest(".figure-ref__tools"));
      },
      ignoreMutation() {
        return true;
      },
    };
  };
}

export const PhotoFigure = Node.create({
  name: "photoFigure",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { chooserUrl: "", previewUrl: "", chooserScript: "", stylesheets: [], labels: {} };
  },

  addAttributes() {
    return {
      photo: {
        default: null,
        parseHTML: (dom) => dom.getAttribute("data-photo"),
        renderHTML: (attributes) => ({ "data-photo": attributes.photo }),
      },
      placement: {
        default: "full",
        parseHTML: (dom) => (dom.getAttribute("data-placement") === "inset" ? "inset" : "full"),
        renderHTML: (attributes) => ({
          "data-placement": attributes.placement === "inset" ? "inset" : "full",
        }),
      },
    };
  },

  parseHTML() {
    // Only a reference to a photo; any other figure is not ours (the server drops it too).
    return [
      {
        tag: "figure[data-photo]",
        getAttrs: (dom) => (PHOTO_ID.test(dom.getAttribute("data-photo") || "") ? null : false),
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", mergeAttributes(HTMLAttributes)];
  },

  addNodeView() {
    return figureView(this.options);
  },

  addCommands() {
    return {
      insertPhotoFigure:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    };
  },

  onCreate() {
    addStylesheets(this.options.stylesheets);
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options;
    const labels = options.labels || {};
    const button = buttons.text(labels.button || "Photo", labels.insert || "Insert photo");
    button.classList.add("figure-ref__insert");
    menu.defineItem({
      name: "photoFigure",
      groups: "nodes",
      priority: 50,
      button: button,
      command(editor) {
        pickPhoto(editor, options, button);
      },
      enabled: (editor) => editor.isEditable,
    });
  },
});
